"""``cadence``: the suite's one command, gathering the tools every service shares and the ones a
service adds (``cadence --help`` lists them).

- ``cadence migrate <service> <alembic command>``: what ``cadence-migrate`` does;
- ``cadence events <service> parked|replay|drop|worker``: what ``cadence-events`` does;
- ``cadence worker <module:attribute>``: what ``cadence-worker`` does;
- a service's own commands, declared in its pyproject under the ``cadence.commands`` entry points
  (auth: ``cadence auth create-admin --email ...``, what ``cadence-auth`` does).

Each subcommand hands its arguments, ``--help`` included, to the tool it stands for, so its help
is that tool's own, in full. The old entry points stay.
"""

from collections.abc import Callable
from importlib.metadata import entry_points

import typer

from cadence_shared import migrations, worker
from cadence_shared.events import cli as events_cli

COMMANDS_GROUP = "cadence.commands"
PASS_THROUGH = {
    "allow_extra_args": True,
    "ignore_unknown_options": True,
    "help_option_names": [],
}

app = typer.Typer(
    name="cadence",
    help="Cadence's command line: migrations, events, workers and each service's own tools. "
    "`cadence <command> --help` shows a command's own options.",
    no_args_is_help=True,
    add_completion=False,
)


def _command(name: str, summary: str, run: Callable[[list[str]], None]) -> None:
    def command(context: typer.Context) -> None:
        run(list(context.args))

    command.__doc__ = summary
    app.command(name, help=summary, context_settings=PASS_THROUGH, add_help_option=False)(command)


_command(
    "migrate",
    "A service's migrations, with alembic's commands: `cadence migrate tasks upgrade head`, "
    "`... revision --autogenerate -m 'what'`, `... current` (was cadence-migrate).",
    migrations.main,
)
_command(
    "events",
    "A service's event bus: `cadence events tasks parked` lists parked messages, "
    "`replay QUEUE` sends them back, `drop QUEUE --all` discards them, `worker` runs the relay "
    "and consumers alone (was cadence-events).",
    events_cli.main,
)
_command(
    "worker",
    "Runs a service's job worker: `cadence worker audio_service.worker:worker --concurrency 2 "
    "--health-port 8207` (was cadence-worker).",
    worker.main,
)


def _service_commands() -> None:
    """The commands services add (``[project.entry-points."cadence.commands"]``)."""
    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        module = entry.value.split(":")[0]

        def run(args: list[str], entry_point: str = entry.value) -> None:
            loaded = next(e for e in entry_points(group=COMMANDS_GROUP) if e.value == entry_point)
            loaded.load()(args)

        _command(entry.name, f"The {entry.name} service's own tools ({module}).", run)


_service_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
