"""The worker's settings group: what a process running jobs adds to ``ServiceSettings``.

``class Settings(ServiceSettings, WorkerSettings)`` with prefix ``AUDIO_`` reads
``AUDIO_WORKER_CONCURRENCY``, ``AUDIO_JOBS_LEASE_S``, and so on. Not suite-wide: each service
tunes its own long work.
"""

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode

from cadence_shared.settings import comma_separated


class WorkerSettings(BaseSettings):
    worker_concurrency: int = Field(
        default=1,
        ge=1,
        description="Jobs run at once by one worker process (each in a process of its own); "
        "also the broker prefetch of its job queues.",
    )
    worker_health_port: int = Field(
        default=8090, ge=0, le=65535, description="The worker's /health/live and /health/ready."
    )
    worker_health_host: str = "0.0.0.0"
    worker_grace_s: float = Field(
        default=30.0,
        ge=0,
        description="On SIGTERM, how long running jobs may take to finish before they are "
        "released (back to queued, for another worker).",
    )
    jobs_lease_s: float = Field(
        default=30.0,
        gt=0,
        description="A claimed job's lease, renewed every third of it while it runs; a job whose "
        "worker died is taken up by another once it expires.",
    )
    jobs_time_limit_s: float = Field(
        default=600.0, gt=0, description="A job running longer fails; its process is replaced."
    )
    jobs_max_attempts: int = Field(default=3, ge=1, description="Attempts before a job fails.")
    # From the environment as "5,30,120" (or a JSON list): retry n waits the n-th delay.
    jobs_retry_delays_s: Annotated[list[float], NoDecode] = Field(
        default=[5.0, 30.0, 120.0], min_length=1
    )
    jobs_progress_interval_s: float = Field(
        default=0.5, ge=0, description="At most one progress update per job in this interval."
    )
    jobs_sweep_interval_s: float = Field(
        default=1.0,
        gt=0,
        description="How often a worker looks for jobs that are due again (a retry's delay "
        "over, a dead worker's lease expired, a message lost) and wakes them.",
    )

    @field_validator("jobs_retry_delays_s", mode="before")
    @classmethod
    def _retry_delays_comma_separated(cls, value: object) -> object:
        # Named apart from EventSettings' validator: one of the same name would replace the other.
        return comma_separated(value)

    def retry_delay_s(self, attempt: int) -> float:
        """The delay before attempt ``attempt + 1``."""
        delays = self.jobs_retry_delays_s
        return delays[min(attempt, len(delays)) - 1]
