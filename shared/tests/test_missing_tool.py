"""cadence_shared.testing.missing_tool: a missing tool fails the run under CI, skips elsewhere."""

import pytest

from cadence_shared.testing import missing_tool


def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no frobnicator"):
        missing_tool("no frobnicator: apt-get install frobnicator")


def test_a_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no frobnicator"):
        missing_tool("no frobnicator: apt-get install frobnicator")
