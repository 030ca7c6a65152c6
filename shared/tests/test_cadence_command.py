"""`cadence`: one command gathering cadence-migrate, cadence-events, cadence-worker and the
services' own tools, each subcommand's help its tool's own."""

import subprocess
import sys

from typer.testing import CliRunner

from cadence_shared.cli import app

runner = CliRunner()


def test_the_help_lists_every_command_with_what_it_does() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("migrate", "events", "worker"):
        assert command in result.output
    assert "cadence-migrate" in result.output and "parked" in result.output


def test_a_subcommand_hands_its_arguments_and_help_to_its_tool() -> None:
    events = runner.invoke(app, ["events", "--help"])
    assert events.exit_code == 0
    assert "{worker,parked,replay,drop}" in events.output
    # cadence-migrate's own usage, for a call without a service.
    migrate = subprocess.run(
        [sys.executable, "-m", "cadence_shared.cli", "migrate"], capture_output=True, text=True
    )
    assert migrate.returncode == 1
    assert "usage: cadence-migrate <service>" in migrate.stderr
