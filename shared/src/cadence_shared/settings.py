"""Typed settings every service shares; each service subclasses with its own env prefix."""

from typing import ClassVar

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret"})


class ServiceSettings(BaseSettings):
    """Settings of one service.

    A subclass sets ``model_config = service_config("TASKS_")``: every field is then read from
    ``TASKS_<FIELD>`` (or a ``.env`` file), so two services never read each other's settings.
    """

    model_config: ClassVar[SettingsConfigDict] = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    service_name: str
    environment: str = "development"
    log_level: str = "INFO"
    log_json: bool = True

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/cadence"
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    db_pool_timeout_s: float = Field(default=5.0, gt=0)

    redis_url: str = "redis://127.0.0.1:6379/0"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"

    jwks_url: str = "http://127.0.0.1:8000/api/v1/auth/.well-known/jwks.json"
    jwt_issuer: str = "cadence-auth"
    jwt_audience: str = "cadence"
    jwks_cache_s: float = Field(default=300.0, gt=0)

    @property
    def db_schema(self) -> str:
        """The Postgres schema this service owns: its own name."""
        return self.service_name

    @model_validator(mode="after")
    def _no_placeholder_secrets_in_production(self) -> "ServiceSettings":
        if self.environment == "production":
            for name, value in self:
                if isinstance(value, SecretStr) and value.get_secret_value() in PLACEHOLDER_SECRETS:
                    raise ValueError(f"{name} must be set to a real secret in production")
        return self


def service_config(env_prefix: str) -> SettingsConfigDict:
    """The settings config of one service: its env prefix, a local ``.env`` file, extras ignored."""
    return SettingsConfigDict(
        env_prefix=env_prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )
