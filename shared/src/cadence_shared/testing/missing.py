"""A tool a test needs that this machine lacks. Under CI (``CI=true``) that is a failure, as a
missing backend always is (``backends``): a green run must have run every test. Elsewhere a skip
that says how to install it, so a partial developer machine still runs the rest."""

import os
from typing import NoReturn

import pytest


def missing_tool(message: str) -> NoReturn:
    """Fails the test under CI, skips it elsewhere; ``message`` says what is missing and how to
    install it."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(message)
