from functools import lru_cache

from cadence_shared.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("PROJECTS_")

    service_name: str = "projects"


@lru_cache
def get_settings() -> Settings:
    return Settings()
