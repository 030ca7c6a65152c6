"""schemathesis over every service's document, through the gateway and straight to the
service's own port, with a real token and without one: a few examples per operation in CI (the
long run is ``bench/schemathesis_bench.py``)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from cadence_gateway.routes import load_route_table
from fuzz import VARIANTS, Variant, fuzz
from harness import Stack, User

SERVICES = sorted(load_route_table().services)
# The long run is the bench's; in CI the main variant (through the gateway, signed in) takes a
# few examples per operation and the other three one each, for the CI time budget: their added
# checks (the 401s, the services' own documents) need one request per operation to hold.
EXAMPLES = {"gateway-token": 3}


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.slug)
@pytest.mark.parametrize("service", SERVICES)
def test_no_operation_answers_a_5xx_or_off_its_schema(
    stack: Stack, new_user: Callable[..., User], tmp_path: Path, service: str, variant: Variant
) -> None:
    token = new_user().access_token if variant.signed_in else None
    run = fuzz(
        stack.base_url,
        stack.table,
        service,
        variant,
        token,
        tmp_path,
        max_examples=EXAMPLES.get(variant.slug, 1),
    )
    assert run.returncode == 0, run.output[-6000:]
