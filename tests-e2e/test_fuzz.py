"""schemathesis over every service's document through the gateway, with a real token: a few
examples per operation in CI (the long run is ``bench/schemathesis_bench.py``)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from cadence_gateway.routes import load_route_table
from fuzz import fuzz
from harness import Stack, User

SERVICES = sorted(load_route_table().services)
EXAMPLES = 3


@pytest.mark.parametrize("service", SERVICES)
def test_no_operation_answers_a_5xx_or_off_its_schema(
    stack: Stack, new_user: Callable[..., User], tmp_path: Path, service: str
) -> None:
    run = fuzz(stack.base_url, service, new_user().access_token, tmp_path, max_examples=EXAMPLES)
    assert run.returncode == 0, run.output[-6000:]
