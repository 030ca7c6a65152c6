from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator

from cadence_shared.ratelimit import Rate
from cadence_shared.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("AUTH_")

    service_name: str = "auth"

    # Every auth handler has an effect outside the database (a mail, a call to Apple): one event
    # per transaction, so one failing event never rolls back, and so redoes, others' effects.
    events_consumer_batch_size: int = Field(default=1, ge=1)

    # The access-token signing key: PEM text, or the path of a PEM file. Empty: in development a
    # key generated once under <repo>/.run/secrets/auth/; elsewhere start-up fails.
    signing_key: SecretStr = SecretStr("")
    # The key before the last rotation (PEM text or path), still published in the JWKS so tokens
    # it signed stay valid until they expire. Unset or empty: "<signing key file>.previous" if it
    # exists (none before the first rotation, which is no placeholder to refuse).
    previous_signing_key: SecretStr | None = None

    access_token_ttl_s: int = Field(default=15 * 60, ge=1)
    refresh_token_ttl_s: int = Field(default=7 * 24 * 3600, ge=1)
    refresh_family_ttl_s: int = Field(default=30 * 24 * 3600, ge=1)  # absolute, from login
    password_reset_ttl_s: int = Field(default=30 * 60, ge=1)
    email_verification_ttl_s: int = Field(default=24 * 3600, ge=1)
    # An account without a password (Apple only) is deleted only with a token this fresh.
    recent_login_s: int = Field(default=5 * 60, ge=1)

    # argon2id; OWASP's floor is m=19 MiB, t=2, p=1. Changing them rehashes on the next login.
    argon2_memory_kib: int = Field(default=19 * 1024, ge=19 * 1024)
    argon2_time_cost: int = Field(default=2, ge=2)
    argon2_parallelism: int = Field(default=1, ge=1)

    rate_limit_login: str = "10/minute"
    rate_limit_register: str = "5/minute"
    rate_limit_refresh: str = "30/minute"
    rate_limit_forgot: str = "5/hour"

    # Mail: no SMTP host means mails are logged instead of sent (local stack).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False  # implicit TLS (port 465)
    smtp_timeout_s: float = Field(default=10.0, gt=0)
    mail_from: str = "Cadence <no-reply@cadence.local>"
    # Links in mails point at the client app, which posts the token back to the API.
    public_base_url: str = "http://127.0.0.1:8000"

    # Sign in with Apple.
    apple_client_ids: list[str] = Field(default_factory=list)  # bundle id and services id(s)
    apple_issuer: str = "https://appleid.apple.com"
    apple_jwks_url: str = "https://appleid.apple.com/auth/keys"
    apple_token_url: str = "https://appleid.apple.com/auth/token"
    apple_revoke_url: str = "https://appleid.apple.com/auth/revoke"
    # The client secret for Apple's token and revoke endpoints is an ES256 JWT signed with this
    # key (a .p8 from the developer account: PEM text or path), under this team and key id.
    apple_team_id: str | None = None
    apple_key_id: str | None = None
    apple_private_key: SecretStr | None = None

    @field_validator(
        "rate_limit_login", "rate_limit_register", "rate_limit_refresh", "rate_limit_forgot"
    )
    @classmethod
    def _valid_rate(cls, value: str) -> str:
        Rate.parse(value)
        return value

    @field_validator("previous_signing_key", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``AUTH_PREVIOUS_SIGNING_KEY=`` (as .env.example has it) means no previous key."""
        return None if value == "" else value

    def rate(self, name: str) -> Rate:
        text: str = getattr(self, f"rate_limit_{name}")
        return Rate.parse(text)


def repo_root(start: Path | None = None) -> Path:
    """The nearest folder holding uv.lock (the workspace root), else the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "uv.lock").exists():
            return folder
    return here


@lru_cache
def get_settings() -> Settings:
    return Settings()
