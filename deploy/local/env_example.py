"""Renders the root `.env.example` from every service's settings class (`make render` runs it).

One block per service, every field with its env variable, its default and its description, so the
file cannot drift from the code (tests-e2e/test_suite.py fails when it is stale).
"""

import importlib
import sys
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from cadence_gateway.routes import load_route_table

REPO = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = REPO / ".env.example"
HEADER = """\
# Every setting of every Cadence service, with its default (rendered by `make render` from the
# settings classes: do not edit by hand). Copy to `.env` and change what you need; the variables
# of the environment win over the file. The defaults suit the local stack (`make run`).
"""


def settings_classes() -> list[tuple[str, type[BaseSettings]]]:
    classes: list[tuple[str, type[BaseSettings]]] = [
        ("gateway", importlib.import_module("cadence_gateway.settings").Settings)
    ]
    for service in load_route_table().services:
        module = importlib.import_module(f"{service}_service.settings")
        classes.append((service, module.Settings))
    return classes


def _value(default: object) -> str:
    if isinstance(default, SecretStr):
        return default.get_secret_value()
    if default is None:
        return ""
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, list | tuple | set | frozenset):
        return ",".join(str(item) for item in default)
    return str(default)


def render() -> str:
    blocks = [HEADER]
    for name, settings in settings_classes():
        prefix = str(settings.model_config.get("env_prefix", ""))
        lines = [f"\n# --- {name} ---"]
        for field_name, field in settings.model_fields.items():
            if field.description:
                lines.append(f"# {field.description}")
            default = field.get_default(call_default_factory=True)
            lines.append(f"{prefix}{field_name.upper()}={_value(default)}")
        blocks.append("\n".join(lines) + "\n")
    return "".join(blocks)


def main() -> None:
    rendered = render()
    if "--check" in sys.argv:
        if not ENV_EXAMPLE.exists() or ENV_EXAMPLE.read_text() != rendered:
            sys.exit(".env.example is stale: run `make render`")
        return
    ENV_EXAMPLE.write_text(rendered)


if __name__ == "__main__":
    main()
