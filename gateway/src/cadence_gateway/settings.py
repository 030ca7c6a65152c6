from functools import lru_cache
from ipaddress import ip_network

from pydantic import Field, field_validator

from cadence_shared.settings import CoreSettings, RedisSettings, TokenSettings, service_config


class Settings(CoreSettings, TokenSettings, RedisSettings):
    """The gateway's settings (prefix ``GATEWAY_``): the authorizer's token checks and the
    runtime part of the local nginx config. No database and no broker: it uses neither."""

    model_config = service_config("GATEWAY_")

    service_name: str = "gateway"
    token_cache_size: int = Field(default=10_000, ge=1)
    # Client addresses (or networks) the gateway never rate-limits, comma-separated (nginx's
    # limit_req, and the authorizer's counts for Traefik): the benchmark sets 127.0.0.1 so wrk
    # measures throughput, not the limiter.
    rate_limit_exempt: str = ""
    # Live job updates (cadence_gateway.live): a heartbeat when a stream was idle this long (well
    # below every proxy's idle timeout), the token asked again this often (revocations, expiry),
    # and updates queued per stream before a client that reads too slowly is dropped.
    live_heartbeat_s: float = Field(default=15.0, gt=0)
    live_revocation_check_s: float = Field(default=5.0, gt=0)
    live_queue_size: int = Field(default=256, ge=1)
    docs_source_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where the authorizer reads each service's OpenAPI document for the merged "
        "one (GET /openapi.json): the gateway itself, which serves /openapi/<service>.json.",
    )
    docs_cache_s: float = Field(
        default=60.0, gt=0, description="How long the merged OpenAPI document is kept."
    )

    @field_validator("rate_limit_exempt")
    @classmethod
    def _networks(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            ip_network(item, strict=False)
        return value

    @property
    def rate_limit_exempt_networks(self) -> list[str]:
        return [
            str(ip_network(item, strict=False))
            for item in filter(None, (part.strip() for part in self.rate_limit_exempt.split(",")))
        ]


@lru_cache
def get_settings() -> Settings:
    return Settings()
