"""The API's shapes: what clients send and what they get back (never a password hash)."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from auth_service.models import EnergyUnit, HeightUnit, Role, WeightUnit
from auth_service.passwords import MAX_LENGTH, MIN_LENGTH
from cadence_shared.types import NoNul


def normalise_email(email: str) -> str:
    return email.strip().lower()


Email = Annotated[EmailStr, AfterValidator(normalise_email)]
Password = Annotated[str, StringConstraints(min_length=MIN_LENGTH, max_length=MAX_LENGTH), NoNul]
# Checked against the stored hash, not re-validated: only a bound on what we hash.
GivenPassword = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LENGTH), NoNul]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul]
OpaqueToken = Annotated[str, StringConstraints(min_length=1, max_length=512), NoNul]
SearchText = Annotated[str, StringConstraints(max_length=320), NoNul]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterRequest(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"email": "ada@example.com", "password": "correct horse battery", "name": "Ada"}
            ]
        },
    )

    email: Email
    password: Password
    name: Name | None = None


class LoginRequest(Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "ada@example.com", "password": "correct horse battery"}]
        },
    )

    email: Email
    password: GivenPassword


class RefreshRequest(Strict):
    refresh_token: OpaqueToken


class LogoutRequest(Strict):
    refresh_token: OpaqueToken | None = None


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")


class PasswordChangeRequest(Strict):
    current_password: GivenPassword
    new_password: Password


class PasswordForgotRequest(Strict):
    email: Email


class PasswordResetRequest(Strict):
    token: OpaqueToken
    new_password: Password


class EmailVerifyRequest(Strict):
    token: OpaqueToken


class AppleSignInRequest(Strict):
    identity_token: Annotated[str, StringConstraints(min_length=1, max_length=8192), NoNul]
    authorization_code: OpaqueToken | None = Field(
        default=None, description="Lets us revoke the user's Apple token when they delete us."
    )
    nonce: Annotated[str, StringConstraints(min_length=1, max_length=256), NoNul] | None = Field(
        default=None, description="The raw nonce; the app gave Apple its SHA-256 (hex)."
    )
    name: Name | None = None


class DeleteAccountRequest(Strict):
    password: GivenPassword | None = None


class Units(BaseModel):
    weight: WeightUnit
    height: HeightUnit
    energy: EnergyUnit


class UserPublic(BaseModel):
    id: uuid.UUID
    email: str | None
    name: str | None
    role: Role
    is_active: bool
    email_verified: bool
    units: Units
    has_password: bool
    apple_linked: bool
    created_at: datetime
    updated_at: datetime


class ProfilePatch(Strict):
    """Only the fields given change. Units are display preferences: data is stored metric."""

    name: Name | None = None
    weight_unit: WeightUnit | None = None
    height_unit: HeightUnit | None = None
    energy_unit: EnergyUnit | None = None


class AdminUserPatch(Strict):
    role: Role | None = None
    is_active: bool | None = None


class Jwks(BaseModel):
    keys: list[dict[str, Any]]
