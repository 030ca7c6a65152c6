from functools import lru_cache

from cadence_shared.jobs import WorkerSettings
from cadence_shared.settings import ServiceSettings, service_config
from cadence_shared.storage import StorageSettings

# A design file's cap, enforced while it streams in; the gateway's body_limit of the projects
# route (gateway/routes.toml) is the same 25 MiB, so it refuses a larger body before it arrives.
DESIGN_MAX_BYTES = 25 * 1024 * 1024


class Settings(ServiceSettings, StorageSettings, WorkerSettings):
    """The web app's and the worker's settings (``PROJECTS_*``): one class, so both read the same
    storage and job settings."""

    model_config = service_config("PROJECTS_")

    service_name: str = "projects"


@lru_cache
def get_settings() -> Settings:
    return Settings()
