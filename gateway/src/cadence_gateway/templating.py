"""The Jinja2 templates the gateway's files are rendered from (``cadence_gateway/templates/``).

Text files (nginx.conf, Dockerfile, Procfile) come out of their template as written. YAML files
are rendered, parsed and dumped again, so a template may use flow style and blank lines where that
reads better, and every YAML file comes out in one canonical layout (keys in template order, no
anchors); interpolated values go through the ``yaml`` filter, which quotes what needs quoting.
"""

import json
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

RENDERED_HEADER = (
    "# Rendered from gateway/routes.toml by `uv run python -m cadence_gateway.render`: do not edit."
)


def duration(seconds: float) -> str:
    """``30.0`` -> ``30s``, ``2.5`` -> ``2.5s``: how nginx and Traefik write durations."""
    return f"{seconds:g}s"


def _yaml_value(value: object) -> str:
    # JSON is YAML: a string stays a string ("no", "8000"), a list or mapping stays one line.
    return json.dumps(value, ensure_ascii=False)


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("cadence_gateway"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
    )
    environment.filters["duration"] = duration
    environment.filters["yaml"] = _yaml_value
    environment.filters["json"] = json.dumps
    environment.globals["rendered_header"] = RENDERED_HEADER
    return environment


TEMPLATES = _environment()


def render_text(template: str, /, **context: Any) -> str:
    return TEMPLATES.get_template(template).render(**context)


class _PlainDumper(yaml.SafeDumper):
    """Writes every value out in full: no ``&id001`` anchors where a value object is shared."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def render_yaml_data(template: str, /, **context: Any) -> Any:
    """A YAML template's content as data (what another template or renderer builds on)."""
    return yaml.safe_load(render_text(template, **context))


def render_yaml(template: str, /, **context: Any) -> str:
    """A YAML file: the header line, then the template's documents in canonical layout."""
    documents = list(yaml.safe_load_all(render_text(template, **context)))
    body = yaml.dump_all(documents, Dumper=_PlainDumper, sort_keys=False, width=100)
    return RENDERED_HEADER + "\n" + body
