"""Settings in groups: each process composes the groups it uses.

A group is a plain ``BaseSettings`` with the fields of one concern (``DatabaseSettings``,
``RedisSettings``, ``BrokerSettings``, ``EventSettings``, ``TokenSettings``, ``HttpSettings``).
A process's settings class inherits ``CoreSettings`` and its groups, and names its env prefix::

    class Settings(ServiceSettings):          # every group a web service with a database uses
        model_config = service_config("TASKS_")
        service_name: str = "tasks"

Every field is read from ``<PREFIX><FIELD>`` (``TASKS_DATABASE_URL``) or a ``.env`` file. A group
field that is unset there falls back to the suite-wide ``CADENCE_<FIELD>`` (``CADENCE_DATABASE_URL``,
``CADENCE_REDIS_URL``, ``CADENCE_AMQP_URL``, ...), so pointing the whole suite at another server
takes one variable. A service's own fields (``AUTH_SIGNING_KEY``) have no suite-wide form.
Outside ``ENVIRONMENT=development`` (or ``test``), placeholder secrets and the well-known default credentials
inside URLs (``postgres:postgres``, ``guest:guest``) are refused at start-up.
"""

import ipaddress
import json
from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret"})
DEFAULT_CREDENTIALS = frozenset({("postgres", "postgres"), ("guest", "guest")})
SUITE_PREFIX = "CADENCE_"
# Where placeholder secrets and default credentials are allowed; everywhere else start-up fails.
RELAXED_ENVIRONMENTS = frozenset({"development", "test"})


class DatabaseSettings(BaseSettings):
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


class RedisSettings(BaseSettings):
    redis_url: str = "redis://127.0.0.1:6379/0"


class BrokerSettings(BaseSettings):
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Every exchange and queue name starts with amqp_prefix.
    amqp_prefix: str = "cadence"
    amqp_exchange: str = "events"
    amqp_heartbeat_s: int = Field(default=30, ge=0)
    amqp_prefetch: int = Field(default=100, ge=1)
    amqp_reconnect_interval_s: float = Field(default=1.0, gt=0)


def comma_separated(value: object) -> object:
    """A list setting from the environment: "1,10,60" or a JSON list."""
    if isinstance(value, str):
        text = value.strip()
        return json.loads(text) if text.startswith("[") else text.split(",")
    return value


class EventSettings(BaseSettings):
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

    @field_validator("events_retry_delays_s", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return comma_separated(value)


class TokenSettings(BaseSettings):
    jwks_url: str = "http://127.0.0.1:8101/api/v1/auth/.well-known/jwks.json"
    jwt_issuer: str = "cadence-auth"
    jwt_audience: str = "cadence"
    jwks_cache_s: float = Field(default=300.0, gt=0)


# The address the local gateway connects to services from (nginx ``proxy_bind``).
LOCAL_GATEWAY_ADDRESS = "127.0.0.2"


class HttpSettings(BaseSettings):
    # Proxies (addresses or CIDR, from the environment as "10.0.0.0/8,172.28.0.2" or a JSON list)
    # whose X-Forwarded-For names the real client: the gateway's only. The one place this fact
    # lives: uvicorn's own proxy-headers handling is off everywhere (``--no-proxy-headers``), and
    # ``cadence_shared.client_ip`` reads this. The local gateway (nginx) connects to services
    # from its own loopback address (cadence_gateway.nginx.UPSTREAM_SOURCE_ADDRESS), so a direct
    # caller on 127.0.0.1 cannot pick its own rate-limit bucket with a forged header; compose
    # and Kubernetes set theirs from gateway/routes.toml (``[gateway.trusted_proxies]``).
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: [LOCAL_GATEWAY_ADDRESS],
        description=(
            "Proxies (addresses or CIDR, comma-separated) whose X-Forwarded-For names the client: "
            "the gateway's only. The one setting of it (uvicorn's proxy headers are off); "
            "compose and Kubernetes set theirs from gateway/routes.toml."
        ),
    )
    http_timeout_s: float = Field(default=10.0, gt=0)  # outgoing calls (JWKS, Apple, ...)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        return proxy_networks(value) if isinstance(value, str | list) else value


def proxy_networks(value: str | list[str]) -> list[str]:
    """Trusted proxies as the setting reads them ("10.0.0.0/8, 172.28.0.2", a JSON list or a
    list), each checked to be an address or network: a typo fails at start-up, naming the entry,
    instead of quietly trusting no one."""
    entries = comma_separated(value) if isinstance(value, str) else value
    if not isinstance(entries, list):
        raise ValueError(f"trusted proxies: a comma-separated list or a JSON list, not {value!r}")
    networks = [str(entry).strip() for entry in entries if str(entry).strip()]
    for network in networks:
        ipaddress.ip_network(network, strict=False)
    return networks


GROUPS: tuple[type[BaseSettings], ...] = (
    DatabaseSettings,
    RedisSettings,
    BrokerSettings,
    EventSettings,
    TokenSettings,
    HttpSettings,
)
# The core fields but the service's name may be set suite-wide too (CADENCE_ENVIRONMENT=production).
SUITE_WIDE_FIELDS = frozenset(
    {
        "environment",
        "log_level",
        "log_json",
        "log_dir",
        "gateway_url",
        "otlp_endpoint",
        "trace_sample_ratio",
    }
    | {name for group in GROUPS for name in group.model_fields}
)


class _SuiteEnv(EnvSettingsSource):
    """The environment with the ``CADENCE_`` prefix, group fields only."""

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in super().__call__().items() if k in SUITE_WIDE_FIELDS}


class _SuiteDotEnv(DotEnvSettingsSource):
    """The ``.env`` file with the ``CADENCE_`` prefix, group fields only."""

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in super().__call__().items() if k in SUITE_WIDE_FIELDS}


class CoreSettings(BaseSettings):
    """What every process has: its name, environment and logging; the suite-wide fallback."""

    model_config: ClassVar[SettingsConfigDict] = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    service_name: str
    environment: str = "development"
    log_level: str = "INFO"
    log_json: bool = True
    log_dir: str = Field(
        default="",
        description=(
            "Folder the process writes its log lines to, a file of its own (`<process>.log`), "
            "in batches off the event loop; the local stack sets it to `.run/logs`. Empty: "
            "standard output (compose, Kubernetes)."
        ),
    )
    gateway_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The URL clients call the suite at: the `servers` of every OpenAPI document.",
    )
    otlp_endpoint: str = Field(
        default="",
        description=(
            "OpenTelemetry collector (OTLP over HTTP, e.g. http://127.0.0.1:4318) the process "
            "exports its traces to. Empty: no tracing at all (nothing is instrumented, so it "
            "costs nothing); the events still carry a traceparent."
        ),
    )
    trace_sample_ratio: float = Field(
        default=1.0, ge=0, le=1, description="Share of new traces kept; a caller's choice wins."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        env_file = settings_cls.model_config.get("env_file")
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            _SuiteEnv(settings_cls, env_prefix=SUITE_PREFIX),
            _SuiteDotEnv(settings_cls, env_file=env_file, env_prefix=SUITE_PREFIX),
            file_secret_settings,
        )

    @property
    def db_schema(self) -> str:
        """The Postgres schema this service owns: its own name."""
        return self.service_name

    @model_validator(mode="after")
    def _no_placeholders_outside_development(self) -> "CoreSettings":
        if self.environment in RELAXED_ENVIRONMENTS:
            return self
        refused = [
            f"{name} must be set to a real secret outside development"
            for name, value in self
            if isinstance(value, SecretStr) and value.get_secret_value() in PLACEHOLDER_SECRETS
        ] + [
            f"{name} uses default credentials; set real ones"
            for name, value in self
            if name.endswith("_url") and isinstance(value, str) and _default_credentials(value)
        ]
        if refused:
            raise ValueError("; ".join(refused))
        return self


def _default_credentials(url: str) -> bool:
    parts = urlsplit(url)
    return (parts.username, parts.password) in DEFAULT_CREDENTIALS


class ServiceSettings(
    CoreSettings,
    DatabaseSettings,
    RedisSettings,
    BrokerSettings,
    EventSettings,
    TokenSettings,
    HttpSettings,
):
    """Every group: what a web service with a database, events and bearer tokens uses."""


def service_config(env_prefix: str) -> SettingsConfigDict:
    """The settings config of one service: its env prefix, a local ``.env`` file, extras ignored."""
    return SettingsConfigDict(
        env_prefix=env_prefix, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )
