"""Renders the root `.env.example` from every service's settings class (`make render` runs it).

One block per service, every field with its env variable, its default and its description, so the
file cannot drift from the code (tests-e2e/test_suite.py fails when it is stale).
"""

import importlib
import sys
from pathlib import Path

from pydantic import SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from cadence_gateway.containers import SERVICES_ENV, compose_options, compose_variables
from cadence_gateway.routes import load_route_table
from cadence_shared.db_setup import ADMIN_URL_VARIABLE
from cadence_shared.settings import GROUPS, SUITE_PREFIX, SUITE_WIDE_FIELDS, CoreSettings

REPO = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = REPO / ".env.example"
HEADER = """\
# Every setting of the Cadence suite, with its default (rendered by `make render` from the
# settings classes: do not edit by hand). Copy to `.env` and change what you need; the variables
# of the environment win over the file. The defaults suit the local stack (`make run`).
#
# The shared groups are read suite-wide as CADENCE_<NAME>; any of them can be set for one process
# alone with its prefix (TASKS_DATABASE_URL wins over CADENCE_DATABASE_URL for tasks).
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


def _field_lines(prefix: str, fields: dict[str, FieldInfo]) -> list[str]:
    lines: list[str] = []
    for field_name, field in fields.items():
        if field.description:
            lines.append(f"# {field.description}")
        default = field.get_default(call_default_factory=True)
        lines.append(f"{prefix}{field_name.upper()}={_value(default)}")
    return lines


def _group_name(group: type[BaseSettings]) -> str:
    name = group.__name__.removesuffix("Settings").lower()
    return {"event": "events", "token": "tokens"}.get(name, name)


def render() -> str:
    core = {
        name: field for name, field in CoreSettings.model_fields.items() if name != "service_name"
    }
    blocks = [HEADER, "\n".join(["# --- suite-wide: core ---", *_field_lines(SUITE_PREFIX, core)])]
    for group in GROUPS:
        lines = [f"\n# --- suite-wide: {_group_name(group)} ---"]
        blocks.append("\n".join([*lines, *_field_lines(SUITE_PREFIX, group.model_fields)]))
    for name, settings in settings_classes():
        prefix = str(settings.model_config.get("env_prefix", ""))
        uses = ", ".join(_group_name(group) for group in GROUPS if issubclass(settings, group))
        own = {
            field_name: field
            for field_name, field in settings.model_fields.items()
            if field_name not in SUITE_WIDE_FIELDS and field_name != "service_name"
        }
        lines = [
            f"\n# --- {name} (prefix {prefix}; groups: {uses}) ---",
            *_field_lines(prefix, own),
        ]
        blocks.append("\n".join(lines))
    blocks.append(deployment_block())
    return "\n".join(blocks) + "\n"


def deployment_block() -> str:
    """What compose and cadence-db-setup read besides the settings classes."""
    lines = [
        "\n# --- docker compose: read by compose itself from .env; it refuses to start without each.",
        "# URL-safe values (openssl rand -hex 24): they go into URLs. In compose the processes'",
        f"# own settings (the blocks above, e.g. AUTH_SIGNING_KEY) go in {SERVICES_ENV} instead.",
    ]
    for variable, description in compose_variables(load_route_table()).items():
        lines += [f"# {description}", f"{variable}="]
    lines.append("# Optional: compose takes these defaults when they are unset.")
    for variable, (default, description) in compose_options().items():
        lines += [f"# {description}", f"{variable}={default}"]
    lines += [
        "\n# --- cadence-db-setup <service> (compose's db-setup-<service>, the Kubernetes Job) ---",
        "# An admin connection to the services' database; the role it makes is the user and",
        "# password of the service's own <PREFIX>_DATABASE_URL. Never give it to a service.",
        f"{ADMIN_URL_VARIABLE}=postgresql://postgres:postgres@127.0.0.1:5432/cadence",
    ]
    return "\n".join(lines)


def main() -> None:
    rendered = render()
    if "--check" in sys.argv:
        if not ENV_EXAMPLE.exists() or ENV_EXAMPLE.read_text() != rendered:
            sys.exit(".env.example is stale: run `make render`")
        return
    ENV_EXAMPLE.write_text(rendered)


if __name__ == "__main__":
    main()
