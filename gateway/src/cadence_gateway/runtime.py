"""Writes the runtime part of the local nginx config from GATEWAY_* settings, before nginx starts.

``python -m cadence_gateway.runtime`` (run by the Procfile's gateway line from the repo root).
"""

from pathlib import Path

from cadence_gateway.nginx import RATE_LIMIT_EXEMPT_FILE, RUNTIME_INCLUDE_DIR
from cadence_gateway.settings import Settings, get_settings


def render_rate_limit_exempt(settings: Settings) -> str:
    lines = ["# Written at start-up from GATEWAY_RATE_LIMIT_EXEMPT: addresses never rate-limited."]
    lines += [f"{network} 1;" for network in settings.rate_limit_exempt_networks]
    return "\n".join(lines) + "\n"


def write_runtime_config(settings: Settings, directory: Path = Path(RUNTIME_INCLUDE_DIR)) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / RATE_LIMIT_EXEMPT_FILE
    path.write_text(render_rate_limit_exempt(settings))
    return path


if __name__ == "__main__":
    write_runtime_config(get_settings())
