from functools import lru_cache

from pydantic import Field

from cadence_shared.jobs import WorkerSettings
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.storage import StorageSettings


class Settings(ServiceSettings, StorageSettings, WorkerSettings):
    """The web app and the analysis worker read the same settings (``AUDIO_*``)."""

    model_config = service_config("AUDIO_")

    service_name: str = "audio"
    jobs_time_limit_s: float = Field(
        default=300.0,
        gt=0,
        description="An analysis running longer fails (15-minute files "
        "take well under a minute of one core).",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
