from functools import lru_cache

from pydantic import Field, field_validator

from cadence_shared.jobs import WorkerSettings
from cadence_shared.ratelimit import Rate
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.storage import StorageSettings

MIB = 1024 * 1024


class Settings(ServiceSettings, StorageSettings, WorkerSettings):
    """The web app's and the worker's settings (one class: they share the database, the storage
    and the job table)."""

    model_config = service_config("OCR_")

    service_name: str = "ocr"
    storage_max_upload_bytes: int = Field(
        default=10 * MIB, gt=0, description="The largest photo taken, in bytes."
    )
    jobs_time_limit_s: float = Field(
        default=120.0, gt=0, description="An OCR job running longer fails (a photo takes ~1 s)."
    )
    jobs_rate: str = Field(
        default="10/hour",
        description="OCR jobs one user may start, counted across every replica (Redis).",
    )
    default_language: str = Field(
        default="eng", description="Tesseract's language when the client names none."
    )

    @field_validator("jobs_rate")
    @classmethod
    def _a_rate(cls, value: str) -> str:
        Rate.parse(value)
        return value

    @property
    def rate(self) -> Rate:
        return Rate.parse(self.jobs_rate)


@lru_cache
def get_settings() -> Settings:
    return Settings()
