"""Tables of the auth schema. Never returned from a route: see schemas.py for the API shapes."""

import enum
import uuid
from datetime import UTC, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Uuid, text
from sqlmodel import Field, SQLModel

from cadence_shared.db import enum_column, service_registry, timestamp_column
from cadence_shared.events.contracts import (
    AppleRevocationRequested,
    MailRequested,
    UserDeleted,
    UserRegistered,
)
from cadence_shared.events.store import EventStore


def _now() -> datetime:
    return datetime.now(UTC)


class AuthTable(SQLModel, registry=service_registry("auth")):
    """Base of every table in the auth schema."""


metadata = AuthTable.metadata
events = EventStore(
    metadata,
    source="auth",
    publishes=(UserRegistered, MailRequested, UserDeleted, AppleRevocationRequested),
)


class Role(enum.StrEnum):
    admin = "admin"
    user = "user"
    guest = "guest"


class WeightUnit(enum.StrEnum):
    kg = "kg"
    lb = "lb"


class HeightUnit(enum.StrEnum):
    cm = "cm"
    inch = "in"


class EnergyUnit(enum.StrEnum):
    kcal = "kcal"
    kj = "kj"


class TokenPurpose(enum.StrEnum):
    password_reset = "password_reset"
    email_verification = "email_verification"


def _user_fk(*, unique: bool = False) -> Column[uuid.UUID]:
    # Deleting a user deletes their sessions, one-time tokens and Apple link with them.
    return Column(
        Uuid,
        ForeignKey("auth.user.id", ondelete="CASCADE"),
        nullable=False,
        unique=unique,
        index=not unique,
    )


class User(AuthTable, table=True):
    __tablename__ = "user"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    # Normalised (trimmed, lower-cased) before it gets here; None for an Apple user who hid it.
    email: str | None = Field(default=None, sa_column=Column(String(320), unique=True))
    password_hash: str | None = Field(default=None, sa_column=Column(String(255)))
    name: str | None = Field(default=None, max_length=200)
    role: Role = Field(default=Role.user, sa_column=enum_column(Role, "user_role", Role.user))
    is_active: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})
    email_verified: bool = Field(default=False, sa_column_kwargs={"server_default": text("false")})
    weight_unit: WeightUnit = Field(
        default=WeightUnit.kg, sa_column=enum_column(WeightUnit, "weight_unit", WeightUnit.kg)
    )
    height_unit: HeightUnit = Field(
        default=HeightUnit.cm, sa_column=enum_column(HeightUnit, "height_unit", HeightUnit.cm)
    )
    energy_unit: EnergyUnit = Field(
        default=EnergyUnit.kcal, sa_column=enum_column(EnergyUnit, "energy_unit", EnergyUnit.kcal)
    )
    created_at: datetime = Field(
        default_factory=_now, sa_column=timestamp_column(nullable=False, server_default=True)
    )
    updated_at: datetime = Field(
        default_factory=_now, sa_column=timestamp_column(nullable=False, server_default=True)
    )


class RefreshFamily(AuthTable, table=True):
    """One login session: every refresh token rotated from one login. Its id is the ``sid``."""

    __tablename__ = "refresh_family"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(sa_column=_user_fk())
    created_at: datetime = Field(
        default_factory=_now, sa_column=timestamp_column(nullable=False, server_default=True)
    )
    expires_at: datetime = Field(sa_column=timestamp_column(nullable=False))  # absolute lifetime
    revoked_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class RefreshToken(AuthTable, table=True):
    """An opaque refresh token, stored only as its SHA-256; single use."""

    __tablename__ = "refresh_token"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    family_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid,
            ForeignKey("auth.refresh_family.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime = Field(
        default_factory=_now, sa_column=timestamp_column(nullable=False, server_default=True)
    )
    expires_at: datetime = Field(sa_column=timestamp_column(nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class OneTimeToken(AuthTable, table=True):
    """A password-reset or email-verification token, stored only as its SHA-256; single use."""

    __tablename__ = "one_time_token"
    __table_args__ = (Index("ix_one_time_token_user_purpose", "user_id", "purpose"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("auth.user.id", ondelete="CASCADE"), nullable=False)
    )
    purpose: TokenPurpose = Field(
        sa_column=enum_column(TokenPurpose, "token_purpose", TokenPurpose.password_reset)
    )
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime = Field(
        default_factory=_now, sa_column=timestamp_column(nullable=False, server_default=True)
    )
    expires_at: datetime = Field(sa_column=timestamp_column(nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class AppleIdentity(AuthTable, table=True):
    """A user's Sign in with Apple identity (Apple's stable ``sub`` for our team)."""

    __tablename__ = "apple_identity"

    sub: str = Field(sa_column=Column(String(255), primary_key=True))
    user_id: uuid.UUID = Field(sa_column=_user_fk(unique=True))
    email: str | None = Field(default=None, sa_column=Column(String(320)))
    client_id: str = Field(sa_column=Column(String(255), nullable=False))  # the token's aud
    # Apple's refresh token, from the authorization code: what Apple's revoke endpoint takes.
    refresh_token: str | None = Field(default=None, sa_column=Column(String(2048)))
    created_at: datetime = Field(
        default_factory=_now, sa_column=timestamp_column(nullable=False, server_default=True)
    )
