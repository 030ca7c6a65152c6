"""`make new-service NAME=x [PORT=n]`: a working service from deploy/template/.

The template is plain `string.Template` (`$name`, `$NAME`, `$Name`): the files are small and
need substitution only, and copier would add a dependency and its own answers file. Files ending
in `.tmpl` are substituted, the rest (script.py.mako has `${...}` of its own) are copied as they
are; `NAME` in a path becomes the service's name. The script then registers the service where the
suite lists its members (text edits: no TOML writer is locked) and runs `uv sync` and `make render`.
"""

import argparse
import importlib.util
import keyword
import re
import shutil
import subprocess
import sys
import tomllib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "template"
FIRST_FREE_PORT = 8109
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class ScaffoldError(Exception):
    """The service cannot be made: the message says why."""


def check_name(name: str) -> None:
    if not NAME_PATTERN.fullmatch(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"{name!r} is not a lowercase Python identifier")
    if (ROOT / "services" / name).exists():
        raise ScaffoldError(f"services/{name} exists already")
    for module in (name, f"{name}_service"):
        if module in sys.stdlib_module_names or importlib.util.find_spec(module) is not None:
            raise ScaffoldError(f"{name!r} collides with the Python module {module!r}")


def choose_port(routes: dict[str, object], wanted: int | None) -> int:
    gateway = routes["gateway"]
    services = routes["services"]
    assert isinstance(gateway, dict) and isinstance(services, dict)
    taken = {gateway["port"], gateway["authorizer_port"], gateway.get("live_port")} | {
        s["port"] for s in services.values()
    }
    if wanted is not None:
        if wanted in taken:
            raise ScaffoldError(f"port {wanted} is taken in gateway/routes.toml")
        return wanted
    return next(port for port in range(FIRST_FREE_PORT, 65536) if port not in taken)


def render_template(name: str, target: Path) -> None:
    values = {
        "name": name,
        "NAME": name.upper(),
        "Name": name.title().replace("_", ""),
        "revision": uuid.uuid4().hex[:12],
        "create_date": datetime.now(UTC).isoformat(sep=" ", timespec="seconds"),
    }
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        relative = str(source.relative_to(TEMPLATE)).replace("NAME", name)
        if relative.endswith("first_migration.py.tmpl"):
            date = datetime.now(UTC).strftime("%Y_%m_%d")
            relative = relative.replace(
                "first_migration", f"{date}_{values['revision']}_create_tables"
            )
        destination = target / relative.removesuffix(".tmpl")
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.name.endswith(".tmpl"):
            destination.write_text(Template(source.read_text()).substitute(values))
        else:
            shutil.copyfile(source, destination)


def append_to_list(text: str, key: str, item: str, *, before: str | None = None) -> str:
    """Adds ``"item"`` to the one-line TOML list ``key = [...]`` (before ``"before"`` if given)."""
    pattern = re.compile(rf"^({re.escape(key)} = \[)(.*)(\])$", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        raise ScaffoldError(f"no one-line list {key} = [...] in pyproject.toml")
    entries = match.group(2)
    if before is not None and f'"{before}"' in entries:
        entries = entries.replace(f'"{before}"', f'"{item}", "{before}"', 1)
    else:
        entries = f'{entries}, "{item}"'
    return text[: match.start(2)] + entries + text[match.end(2) :]


def register_in_pyproject(name: str) -> None:
    path = ROOT / "pyproject.toml"
    text = path.read_text()
    text = append_to_list(text, "members", f"services/{name}")
    text = append_to_list(text, "known-first-party", f"{name}_service")
    text = append_to_list(text, "mypy_path", f"services/{name}/src", before="tests-e2e")
    path.write_text(text)


def register_in_routes(name: str, port: int) -> None:
    path = ROOT / "gateway" / "routes.toml"
    text = path.read_text()
    last_service = list(re.finditer(r'^app = "\w+\.main:app"\n', text, re.MULTILINE))[-1]
    block = f'\n[services.{name}]\nport = {port}\napp = "{name}_service.main:app"\n'
    text = text[: last_service.end()] + block + text[last_service.end() :]
    route = f'\n[[routes]]\nprefix = "/api/v1/{name}"\nservice = "{name}"\nauth = "required"\n'
    path.write_text(text.rstrip("\n") + "\n" + route)


def register_protected_read(name: str) -> None:
    """The e2e test that calls every service straight with a revoked token needs its read."""
    path = ROOT / "tests-e2e" / "test_gateway.py"
    text = path.read_text()
    start = text.index("PROTECTED_READ = {")
    end = text.index("\n}\n", start)
    entry = f'\n    "{name}": "/api/v1/{name}/items",'
    path.write_text(text[:end] + entry + text[end:])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("name")
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    try:
        check_name(args.name)
        port = choose_port(tomllib.loads((ROOT / "gateway/routes.toml").read_text()), args.port)
    except ScaffoldError as error:
        sys.exit(f"new-service: {error}")
    render_template(args.name, ROOT / "services" / args.name)
    register_in_pyproject(args.name)
    register_in_routes(args.name, port)
    register_protected_read(args.name)
    subprocess.run(["uv", "sync", "--all-packages"], cwd=ROOT, check=True)
    subprocess.run(["make", "render"], cwd=ROOT, check=True)
    print(f"services/{args.name}: port {port}, /api/v1/{args.name}. Next: make test")


if __name__ == "__main__":
    main()
