"""The gateway as its image installs it: a built wheel, without the checkout around it."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cadence_gateway.render import REPO_ROOT
from cadence_gateway.routes import load_route_table

# Run from the unpacked wheel: what the authorizer needs at start, and a template rendered.
PROBE = """
import json
import cadence_gateway
from cadence_gateway.catalog import load_catalog
from cadence_gateway.docs import docs_page
from cadence_gateway.nginx import render_nginx
from cadence_gateway.routes import load_route_table

table = load_route_table()
print(json.dumps({
    "package": cadence_gateway.__file__,
    "services": sorted(table.services),
    "codes": len(load_catalog().entries),
    "docs": "swagger-ui" in docs_page(sorted(table.services)),
    "nginx": "location = /problems {" in render_nginx(table),
}))
"""


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    assert uv is not None, "uv is needed to build the gateway's wheel"
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [uv, "build", "--package", "cadence-gateway", "--wheel", "--out-dir", str(out)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("cadence_gateway-*.whl")
    target = tmp_path_factory.mktemp("site") / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_the_wheel_carries_the_catalog_the_templates_and_the_route_table(
    unpacked_wheel: Path,
) -> None:
    package = unpacked_wheel / "cadence_gateway"
    shipped = {
        path.relative_to(package).as_posix() for path in package.rglob("*") if path.is_file()
    }
    source = REPO_ROOT / "gateway" / "src" / "cadence_gateway"
    templates = {
        path.relative_to(source).as_posix() for path in (source / "templates").rglob("*.j2")
    }
    assert templates <= shipped
    assert {"problems.json", "asyncapi.json", "routes.toml"} <= shipped


def test_the_installed_gateway_starts_without_the_checkout(unpacked_wheel: Path) -> None:
    # The unpacked wheel comes first on the path, so it shadows the checkout's editable install.
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"PYTHONPATH": str(unpacked_wheel), "PATH": ""},
        cwd=unpacked_wheel,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["package"].startswith(str(unpacked_wheel))
    assert probe["services"] == sorted(load_route_table().services)
    assert probe["codes"] > 7
    assert probe["docs"] and probe["nginx"]
