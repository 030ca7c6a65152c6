"""Renders every file generated from the route table; ``--check`` fails when one is stale.

uv run python -m cadence_gateway.render          # write the files
uv run python -m cadence_gateway.render --check  # exit 1 with a diff summary if any is stale
"""

import argparse
import difflib
import sys
from pathlib import Path

from cadence_gateway.containers import (
    COMPOSE_BACKENDS_FILE,
    COMPOSE_FILE,
    WORKER_HEALTH_PORT,
    dockerfiles,
    render_compose,
    render_compose_backends,
    workspace_members,
)
from cadence_gateway.k8s import render_k8s
from cadence_gateway.nginx import NGINX_CONF, render_nginx
from cadence_gateway.observability import render_observability
from cadence_gateway.procfile import PROCFILE, render_procfile
from cadence_gateway.routes import ROUTES_FILE, RouteTable, load_route_table
from cadence_gateway.traefik import (
    TRACING_ENDPOINT,
    TRAEFIK_DYNAMIC,
    TRAEFIK_STATIC,
    TRAEFIK_STATIC_TRACED,
    compose_address,
    render_dynamic,
    render_static,
)

REPO_ROOT = ROUTES_FILE.parents[1]
DIFF_LINES_SHOWN = 40


def rendered_files(table: RouteTable, root: Path = REPO_ROOT) -> dict[str, str]:
    """Every generated file, by its path relative to the repo root."""
    return {
        NGINX_CONF: render_nginx(table),
        PROCFILE: render_procfile(table),
        TRAEFIK_STATIC: render_static(),
        TRAEFIK_STATIC_TRACED: render_static(tracing_endpoint=TRACING_ENDPOINT),
        TRAEFIK_DYNAMIC: render_dynamic(table, compose_address),
        COMPOSE_FILE: render_compose(table),
        COMPOSE_BACKENDS_FILE: render_compose_backends(),
        **dockerfiles(table, workspace_members(root)),
        **render_k8s(table),
        **render_observability(table, WORKER_HEALTH_PORT),
    }


def stale_files(files: dict[str, str], root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """The files whose content on disk differs from ``files``, with a unified diff of each."""
    stale: dict[str, list[str]] = {}
    for relative, expected in files.items():
        path = root / relative
        current = path.read_text() if path.exists() else ""
        if current != expected:
            stale[relative] = list(
                difflib.unified_diff(
                    current.splitlines(),
                    expected.splitlines(),
                    f"{relative} (on disk)",
                    f"{relative} (rendered)",
                    lineterm="",
                )
            )
    return stale


def write_files(files: dict[str, str], root: Path = REPO_ROOT) -> list[str]:
    written = []
    for relative, content in files.items():
        path = root / relative
        if not path.exists() or path.read_text() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            written.append(relative)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    files = rendered_files(load_route_table())
    if args.check:
        stale = stale_files(files)
        for relative, diff in stale.items():
            print(f"stale: {relative} ({len(diff)} diff lines)")
            print("\n".join(diff[:DIFF_LINES_SHOWN]))
        if stale:
            print("Run `uv run python -m cadence_gateway.render` and commit the result.")
            return 1
        print(f"{len(files)} rendered files are up to date.")
        return 0
    for relative in write_files(files):
        print(f"wrote {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
