"""Typed settings every service shares; each service subclasses with its own env prefix."""

import json
from typing import Annotated, ClassVar

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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

    database_url: str = "postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/cadence"
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(
        default=0,
        ge=0,
        description=(
            "Connections opened beyond the pool under load. Each is closed again when returned, "
            "so at a steady high concurrency they churn (a new Postgres connection per request): "
            "0 queues requests for the pool instead, measured at about twice the throughput."
        ),
    )
    db_pool_timeout_s: float = Field(default=5.0, gt=0)
    db_pool_pre_ping: bool = Field(
        default=False,
        description=(
            "Test each pooled connection before use: one more round trip on every request, which "
            "nearly halves a one-row read's throughput. Off (the default), a Postgres restart "
            "still heals: the first query that meets a dead connection invalidates the whole "
            "pool (503 for requests in flight) and later checkouts open fresh connections."
        ),
    )

    redis_url: str = "redis://127.0.0.1:6379/0"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Event bus (cadence_shared.events). Every exchange and queue name starts with amqp_prefix.
    amqp_prefix: str = "cadence"
    amqp_exchange: str = "events"
    amqp_heartbeat_s: int = Field(default=30, ge=0)
    amqp_prefetch: int = Field(default=100, ge=1)
    amqp_reconnect_interval_s: float = Field(default=1.0, gt=0)
    events_relay_in_process: bool = True  # False when `cadence-events <svc> worker` runs it
    events_consumer_in_process: bool = True
    events_relay_batch_size: int = Field(default=500, ge=1)
    events_consumer_batch_size: int = Field(default=100, ge=1)  # events per transaction
    events_relay_poll_s: float = Field(default=1.0, gt=0)  # fallback when a NOTIFY is missed
    events_publish_timeout_s: float = Field(default=10.0, gt=0)
    events_reconnect_max_s: float = Field(default=30.0, gt=0)  # cap of the back-off
    events_outbox_retention_s: float = Field(default=7 * 24 * 3600.0, ge=0)  # published rows
    events_max_attempts: int = Field(default=5, ge=1)  # then the message is parked
    # From the environment as "1,10,60,300" (or a JSON list): attempt n waits the n-th delay.
    events_retry_delays_s: Annotated[list[float], NoDecode] = Field(
        default=[1.0, 10.0, 60.0, 300.0], min_length=1
    )

    jwks_url: str = "http://127.0.0.1:8101/api/v1/auth/.well-known/jwks.json"
    jwt_issuer: str = "cadence-auth"
    jwt_audience: str = "cadence"
    jwks_cache_s: float = Field(default=300.0, gt=0)

    @field_validator("events_retry_delays_s", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            return json.loads(text) if text.startswith("[") else text.split(",")
        return value

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
