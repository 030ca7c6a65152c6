"""Writes every service's OpenAPI document, the gateway's and the merged one into a directory, for
the linter (`make lint` runs Spectral over them): `python deploy/local/openapi_specs.py DIR`.

Each document is the service's own `build_app().openapi()`, built in-process (nothing is started);
the merged one is what the gateway serves at `GET /openapi.json`.
"""

import argparse
import importlib
import json
from pathlib import Path
from typing import Any

from cadence_gateway.openapi import gateway_spec, merge_specs
from cadence_gateway.routes import load_route_table
from cadence_shared.settings import CoreSettings


def service_specs() -> dict[str, dict[str, Any]]:
    """Every service's document, by the service's name (the route table's services)."""
    specs: dict[str, dict[str, Any]] = {}
    for name, service in load_route_table().services.items():
        module = importlib.import_module(service.app.split(":")[0])
        specs[name] = module.build_app().openapi()
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    directory = parser.parse_args().directory
    directory.mkdir(parents=True, exist_ok=True)
    specs = service_specs()
    servers = [{"url": CoreSettings(service_name="gateway").gateway_url}]
    documents = {
        **specs,
        "gateway": gateway_spec(sorted(specs), servers=servers),
        "suite": merge_specs(specs, servers=servers),
    }
    for name, document in documents.items():
        (directory / f"{name}.json").write_text(json.dumps(document, indent=1) + "\n")
        print(f"wrote {directory / name}.json")


if __name__ == "__main__":
    main()
