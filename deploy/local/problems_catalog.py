"""Renders the gateway's problem catalog from every service's errors (`make render` runs it).

Every problem+json a client can meet has ``type: /problems/<code>``; the gateway serves
``/problems`` and ``/problems/<code>`` from this file (gateway/src/cadence_gateway/problems.json),
so it ships with the gateway image and cannot drift from the code (tests-e2e/test_suite.py fails
when it is stale).
"""

import importlib
import json
import sys
from pathlib import Path

from cadence_gateway.routes import load_route_table
from cadence_shared.problems import problem_catalog

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "gateway" / "src" / "cadence_gateway" / "problems.json"


def render() -> str:
    # The shared errors a service can raise without declaring them (storage's, uploads').
    importlib.import_module("cadence_shared.storage.errors")
    importlib.import_module("cadence_shared.uploads.errors")
    for service in load_route_table().services:
        importlib.import_module(f"{service}_service.errors")
    return json.dumps({"problems": problem_catalog()}, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    rendered = render()
    if "--check" in sys.argv:
        if not CATALOG.exists() or CATALOG.read_text() != rendered:
            sys.exit(f"{CATALOG.relative_to(REPO)} is stale: run `make render`")
        return
    CATALOG.write_text(rendered)


if __name__ == "__main__":
    main()
