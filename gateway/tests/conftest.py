"""Fixtures of the gateway's tests: a route table with a worker and an upload route."""

from collections.abc import Callable
from typing import Any

import pytest

from cadence_gateway.routes import MIB, RouteTable, load_route_table

WORKER_ENTRY = "audio_service.worker:worker"


def table_with_a_worker(**audio: Any) -> RouteTable:
    """The real table plus an audio service with an analysis worker and an upload route."""
    data = load_route_table().model_dump(mode="json")
    data["services"]["audio"] = {
        "port": 8107,
        "app": "audio_service.main:app",
        "apt": ["libsndfile1", "ffmpeg"],
        "storage": True,
        "workers": {
            "analysis": {
                "entry": WORKER_ENTRY,
                "concurrency": 2,
                "replicas": 3,
                "health_port": 8207,
            }
        },
        **audio,
    }
    data["routes"].append(
        {
            "prefix": "/api/v1/samples",
            "service": "audio",
            "auth": "required",
            "body_limit": 100 * MIB,
            "upload": True,
        }
    )
    return RouteTable.model_validate(data)


@pytest.fixture(scope="session")
def worker_table() -> Callable[..., RouteTable]:
    """``table_with_a_worker``: the tests that render a table with a worker call it."""
    return table_with_a_worker
