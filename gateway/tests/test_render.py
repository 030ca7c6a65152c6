"""Rendered files: up to date with the route table, and what the nginx config contains."""

from pathlib import Path

import pytest
import yaml

from cadence_gateway.nginx import render_nginx
from cadence_gateway.procfile import PROCFILE, render_procfile
from cadence_gateway.render import REPO_ROOT, main, rendered_files, stale_files, write_files
from cadence_gateway.routes import load_route_table
from cadence_gateway.runtime import write_runtime_config
from cadence_gateway.settings import Settings
from cadence_gateway.traefik import compose_address, render_dynamic, render_static


def test_every_rendered_file_is_up_to_date() -> None:
    stale = stale_files(rendered_files(load_route_table()))
    assert not stale, (
        "stale: " + ", ".join(stale) + " (run `uv run python -m cadence_gateway.render`)"
    )


def test_check_reports_a_stale_file(tmp_path: Path) -> None:
    files = {"deploy/local/Procfile": "web: run\n"}
    assert list(stale_files(files, tmp_path)) == ["deploy/local/Procfile"]
    assert write_files(files, tmp_path) == ["deploy/local/Procfile"]
    assert stale_files(files, tmp_path) == {}
    (tmp_path / "deploy/local/Procfile").write_text("web: other\n")
    diff = stale_files(files, tmp_path)["deploy/local/Procfile"]
    assert "-web: other" in diff
    assert "+web: run" in diff


def test_the_check_command_passes_on_this_repo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_the_procfile_runs_every_service_the_authorizer_and_nginx() -> None:
    table = load_route_table()
    lines = dict(
        line.split(": ", 1)
        for line in render_procfile(table).splitlines()
        if not line.startswith("#")
    )
    workers = {process for _, process, _ in table.workers}
    assert set(lines) == {*table.services, *workers, "authorizer", "live", "gateway"}
    for _, process, worker in table.workers:
        assert lines[process].startswith(f"cadence-worker {worker.entry} ")
    for name, service in table.services.items():
        assert (
            f"uvicorn {service.app} --host 127.0.0.1 --port {service.port} --workers 1"
            in lines[name]
        )
    assert "--port 8001" in lines["authorizer"]
    # The live streams: the same app under uvicorn, whose WebSocket close works while the app
    # awaits the client (granian's does not), with protocol pings on idle sockets.
    assert lines["live"].startswith("uvicorn cadence_gateway.authorizer:app --host 127.0.0.1")
    assert "--port 8002" in lines["live"]
    assert "--ws websockets-sansio --ws-ping-interval 20" in lines["live"]
    assert lines["gateway"].startswith("python -m cadence_gateway.runtime && exec nginx")


def test_nginx_routes_every_prefix_on_whole_segments_with_its_limits() -> None:
    table = load_route_table()
    conf = render_nginx(table)
    for route in table.routes:
        assert f"location = {route.prefix} {{" in conf
        assert f"location {route.prefix}/ {{" in conf
    assert "listen 127.0.0.1:8000;" in conf
    assert conf.count("auth_request /_authorize;") == 2 * sum(not r.is_public for r in table.routes)
    assert "limit_req zone=route_api_v1_auth_password_forgot burst=5 nodelay;" in conf
    assert "rate=1r/s" in conf


def test_the_runtime_include_lists_exempt_networks(tmp_path: Path) -> None:
    path = write_runtime_config(Settings(rate_limit_exempt="127.0.0.1,10.1.2.3/8"), tmp_path)
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert lines == ["127.0.0.1/32 1;", "10.0.0.0/8 1;"]
    empty = write_runtime_config(Settings(rate_limit_exempt=""), tmp_path)
    assert [line for line in empty.read_text().splitlines() if not line.startswith("#")] == []


def test_a_bad_exempt_address_is_refused() -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6"):
        Settings(rate_limit_exempt="localhost")


def test_written_files_are_the_rendered_ones(tmp_path: Path) -> None:
    files = {PROCFILE: render_procfile(load_route_table())}
    write_files(files, tmp_path)
    assert (tmp_path / PROCFILE).read_text() == (REPO_ROOT / PROCFILE).read_text()


def test_nginx_passes_the_live_streams_to_the_authorizer_app_unbuffered() -> None:
    conf = render_nginx(load_route_table())
    websocket = conf.split("location = /api/v1/live/ws {", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert "proxy_set_header Connection $live_connection;" in websocket
    assert "proxy_read_timeout 3600s;" in websocket
    assert "proxy_pass http://live;" in websocket
    # The app checks the token itself: a browser's is in the subprotocol, not Authorization.
    assert "auth_request" not in websocket
    # The location's own proxy_set_header lines replace the server's: identity is still dropped.
    assert 'proxy_set_header X-User-Id "";' in websocket
    events = conf.split("location = /api/v1/live/events {", 1)[1].split("}", 1)[0]
    assert "proxy_buffering off;" in events
    assert "proxy_read_timeout 3600s;" in events
    assert "auth_request" not in events
    assert "proxy_pass http://live;" in events


def test_traefik_routes_the_live_streams_without_buffering_or_a_token_check() -> None:
    dynamic = yaml.safe_load(render_dynamic(load_route_table(), compose_address))["http"]
    live = dynamic["routers"]["live"]
    assert live["rule"] == "Path(`/api/v1/live/ws`) || Path(`/api/v1/live/events`)"
    assert live["service"] == "live"
    assert live["middlewares"] == ["cors", "strip-identity", "problems", "gate-live"]
    # The authorizer counts the live streams' rate limit only: the live app checks the token.
    gate = dynamic["middlewares"]["gate-live"]["forwardAuth"]
    assert gate["address"] == "http://authorizer:8000/limit/live"
    static = yaml.safe_load(render_static())
    timeouts = static["entryPoints"]["web"]["transport"]["respondingTimeouts"]
    assert timeouts["readTimeout"] == "3600s"
