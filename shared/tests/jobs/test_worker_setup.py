"""Building a worker: what its settings must be, and the command line's form."""

import pytest

from cadence_shared.context import StartupError
from cadence_shared.jobs import WorkerSettings
from cadence_shared.jobs.pool import preloaded
from cadence_shared.settings import ServiceSettings
from cadence_shared.testing.jobs import JobTestSettings, build
from cadence_shared.worker import create_worker, load, parser


def test_job_settings_read_lists_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBTEST_JOBS_RETRY_DELAYS_S", "2,20")
    monkeypatch.setenv("JOBTEST_EVENTS_RETRY_DELAYS_S", "[1, 3]")
    settings = JobTestSettings()
    assert settings.jobs_retry_delays_s == [2.0, 20.0]
    assert settings.events_retry_delays_s == [1.0, 3.0]
    assert [settings.retry_delay_s(attempt) for attempt in (1, 2, 3)] == [2.0, 20.0, 20.0]


def test_a_worker_needs_the_worker_settings_and_a_job() -> None:
    service = build(JobTestSettings())
    with pytest.raises(StartupError, match="WorkerSettings"):
        create_worker(ServiceSettings(service_name="plain"), jobs=[service.checksum])
    with pytest.raises(StartupError, match="at least one job"):
        create_worker(JobTestSettings(), jobs=[])
    with pytest.raises(StartupError, match="pass the bus"):
        create_worker(JobTestSettings(), jobs=[service.checksum], subscriptions=["x"])


def test_the_command_line_names_a_worker_and_overrides_settings() -> None:
    args = parser().parse_args(
        ["cadence_shared.testing.job_worker:worker", "--concurrency", "3", "--health-port", "9"]
    )
    worker = load(args.target)
    worker.configure(concurrency=args.concurrency, health_port=args.health_port)
    assert (worker.config.worker_concurrency, worker.config.worker_health_port) == (3, 9)
    assert isinstance(worker.config, WorkerSettings)
    with pytest.raises(SystemExit, match="expected <module>:<attribute>"):
        load("cadence_shared.testing.job_worker")
    with pytest.raises(SystemExit, match="is not a Worker"):
        load("cadence_shared.testing.jobs:build")


def test_the_fork_server_preloads_the_child_entry_point_and_the_main_module() -> None:
    # Without them every child (and every replacement after a kill) imports them itself:
    # seconds per child on a loaded machine.
    assert preloaded({"audio_service.jobs"}) == [
        "__main__",
        "audio_service.jobs",
        "cadence_shared.jobs.pool",
        "cadence_shared.jobs.warm",
    ]
