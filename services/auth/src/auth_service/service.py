"""Accounts: registration, credentials, one-time tokens, profile, deletion, admin, Apple.

Plain async functions: the session comes in, the caller commits. Events go to the outbox in the
same transaction, so a user row and its event are stored together or not at all.
"""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from auth_service.apple import AppleClient, AppleTokenInvalid
from auth_service.errors import (
    AccountDeactivated,
    AppleIdentityRejected,
    AppleLinkInProgress,
    BadCredentials,
    CannotChangeOwnRole,
    EmailTaken,
    InvalidLink,
    NoEmail,
    NoPassword,
    ReauthenticationRequired,
    UserNotFound,
    WrongPassword,
)
from auth_service.models import AppleIdentity, OneTimeToken, Role, TokenPurpose, User, events
from auth_service.opaque import new_token, token_hash
from auth_service.passwords import Passwords
from auth_service.schemas import (
    AdminUserPatch,
    AppleSignInRequest,
    ProfilePatch,
    RegisterRequest,
    Units,
    UserPublic,
)
from cadence_shared.auth import Principal
from cadence_shared.db import contains, flush_or_conflict
from cadence_shared.errors import NullNotAllowed
from cadence_shared.events.contracts import (
    AppleRevocationRequested,
    MailRequested,
    UserDeleted,
    UserRegistered,
)
from cadence_shared.pagination import PageParams

BAD_CREDENTIALS = "The email or password is incorrect."


def _now() -> datetime:
    return datetime.now(UTC)


def to_public(user: User, *, apple_linked: bool) -> UserPublic:
    return UserPublic(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        is_active=user.is_active,
        email_verified=user.email_verified,
        units=Units(weight=user.weight_unit, height=user.height_unit, energy=user.energy_unit),
        has_password=user.password_hash is not None,
        apple_linked=apple_linked,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


async def public_user(session: AsyncSession, user: User) -> UserPublic:
    linked = await session.scalar(select(func.count()).where(col(AppleIdentity.user_id) == user.id))
    return to_public(user, apple_linked=bool(linked))


async def _create_user(session: AsyncSession, user: User) -> User:
    now = _now()
    user.created_at = user.updated_at = now
    session.add(user)
    await flush_or_conflict(session, EmailTaken())
    await events.publish(
        session,
        UserRegistered(user_id=user.id, email=user.email or "", name=user.name, registered_at=now),
        subject=str(user.id),
    )
    return user


async def register(session: AsyncSession, *, data: RegisterRequest, passwords: Passwords) -> User:
    if await user_by_email(session, data.email) is not None:
        raise EmailTaken()
    password_hash = await passwords.hash(data.password)
    return await _create_user(
        session, User(email=data.email, password_hash=password_hash, name=data.name)
    )


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    user: User | None = await session.scalar(select(User).where(col(User.email) == email))
    return user


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise UserNotFound()
    return user


async def authenticate(
    session: AsyncSession, *, email: str, password: str, passwords: Passwords
) -> User:
    """The user with these credentials, else the same 401 (and the same cost) whatever failed."""
    user = await user_by_email(session, email)
    matches, new_hash = await passwords.verify(password, user.password_hash if user else None)
    if user is None or not matches:
        raise BadCredentials(BAD_CREDENTIALS)
    if not user.is_active:
        raise AccountDeactivated()
    if new_hash is not None:
        user.password_hash = new_hash  # bcrypt or older argon2 parameters: upgraded now
    return user


async def _check_password(user: User, password: str | None, passwords: Passwords) -> None:
    matches, _ = await passwords.verify(password or "", user.password_hash)
    if not matches:
        raise WrongPassword("The password is incorrect.")


async def change_password(
    session: AsyncSession,
    *,
    principal: Principal,
    current_password: str,
    new_password: str,
    passwords: Passwords,
) -> User:
    user = await get_user(session, principal.user_id)
    if user.password_hash is None:
        raise NoPassword("This account has no password: set one with a password reset.")
    await _check_password(user, current_password, passwords)
    user.password_hash = await passwords.hash(new_password)
    user.updated_at = _now()
    return user


async def _reserve_one_time_token(
    session: AsyncSession, *, user: User, purpose: TokenPurpose, ttl_s: int
) -> uuid.UUID:
    """A new single-use token row; any earlier unused one of the same purpose stops working.

    Its hash is of a token nobody knows: the ``send-mail`` handler mints the mailed one for this
    row (``mint_link_token``), so no live link is ever stored in the outbox or the broker.
    """
    now = _now()
    await session.execute(
        update(OneTimeToken)
        .where(
            col(OneTimeToken.user_id) == user.id,
            col(OneTimeToken.purpose) == purpose,
            col(OneTimeToken.used_at).is_(None),
        )
        .values(used_at=now)
    )
    reserved = OneTimeToken(
        user_id=user.id,
        purpose=purpose,
        token_hash=token_hash(new_token()),
        expires_at=now + timedelta(seconds=ttl_s),
    )
    session.add(reserved)
    await session.flush()
    return reserved.id


async def _request_link_mail(
    session: AsyncSession, *, user: User, email: str, purpose: TokenPurpose, ttl_s: int
) -> None:
    token_id = await _reserve_one_time_token(session, user=user, purpose=purpose, ttl_s=ttl_s)
    await events.publish(
        session,
        MailRequested(kind=purpose.value, user_id=user.id, token_id=token_id, to=email),
        subject=str(user.id),
    )


async def request_password_reset(session: AsyncSession, *, email: str, ttl_s: int) -> None:
    """Queues a reset mail when an active account has ``email``; silent otherwise."""
    user = await user_by_email(session, email)
    if user is not None and user.is_active and user.email is not None:
        await _request_link_mail(
            session, user=user, email=user.email, purpose=TokenPurpose.password_reset, ttl_s=ttl_s
        )


async def request_email_verification(
    session: AsyncSession, *, user_id: uuid.UUID, ttl_s: int
) -> bool:
    """Queues a verification mail; False when the address is verified already."""
    user = await get_user(session, user_id)
    if user.email is None:
        raise NoEmail("This account has no email address.")
    if user.email_verified:
        return False
    await _request_link_mail(
        session,
        user=user,
        email=user.email,
        purpose=TokenPurpose.email_verification,
        ttl_s=ttl_s,
    )
    return True


async def mint_link_token(session: AsyncSession, *, token_id: uuid.UUID) -> str | None:
    """The token to mail for a reserved row, or None when the row can no longer be used (spent,
    replaced by a newer request, expired, or its user deleted): then nothing is mailed."""
    raw = new_token()
    minted = await session.scalar(
        update(OneTimeToken)
        .where(
            col(OneTimeToken.id) == token_id,
            col(OneTimeToken.used_at).is_(None),
            col(OneTimeToken.expires_at) > _now(),
        )
        .values(token_hash=token_hash(raw))
        .returning(col(OneTimeToken.id))
    )
    return raw if minted is not None else None


async def spend_one_time_token(session: AsyncSession, *, token: str, purpose: TokenPurpose) -> User:
    """The token's user; the token is used up. Unknown, used or expired: 400."""
    now = _now()
    user_id = await session.scalar(
        update(OneTimeToken)
        .where(
            col(OneTimeToken.token_hash) == token_hash(token),
            col(OneTimeToken.purpose) == purpose,
            col(OneTimeToken.used_at).is_(None),
            col(OneTimeToken.expires_at) > now,
        )
        .values(used_at=now)
        .returning(col(OneTimeToken.user_id))
    )
    if user_id is None:
        raise InvalidLink("This link is invalid, expired or already used.")
    return await get_user(session, user_id)


async def reset_password(
    session: AsyncSession, *, token: str, new_password: str, passwords: Passwords
) -> User:
    user = await spend_one_time_token(session, token=token, purpose=TokenPurpose.password_reset)
    user.password_hash = await passwords.hash(new_password)
    user.email_verified = True  # the reset link reached this mailbox
    user.updated_at = _now()
    return user


async def verify_email(session: AsyncSession, *, token: str) -> User:
    user = await spend_one_time_token(session, token=token, purpose=TokenPurpose.email_verification)
    user.email_verified = True
    user.updated_at = _now()
    return user


async def _change_user(session: AsyncSession, user_id: uuid.UUID, changes: dict[str, Any]) -> User:
    user = await get_user(session, user_id)
    for name, value in changes.items():
        setattr(user, name, value)
    user.updated_at = _now()
    return user


async def update_profile(session: AsyncSession, *, user_id: uuid.UUID, data: ProfilePatch) -> User:
    changes = data.model_dump(exclude_unset=True)
    for required in ("weight_unit", "height_unit", "energy_unit"):
        if required in changes and changes[required] is None:
            raise NullNotAllowed(required)
    return await _change_user(session, user_id, changes)


async def delete_account(
    session: AsyncSession,
    *,
    principal: Principal,
    password: str | None,
    passwords: Passwords,
    recent_login_s: int,
) -> uuid.UUID:
    """Hard delete (sessions, tokens, Apple link cascade), ``auth.user.deleted.v1``, and the
    revocation of the user's Apple token when there is one. Returns the user's id."""
    user = await get_user(session, principal.user_id)
    if user.password_hash is not None:
        await _check_password(user, password, passwords)
    elif principal.issued_at < _now().timestamp() - recent_login_s:
        raise ReauthenticationRequired(
            "Sign in again (within the last few minutes) to delete this account."
        )
    apple = await session.scalar(select(AppleIdentity).where(col(AppleIdentity.user_id) == user.id))
    await session.delete(user)
    await session.flush()
    await events.publish(
        session, UserDeleted(user_id=user.id, deleted_at=_now()), subject=str(user.id)
    )
    if apple is not None and apple.refresh_token:
        # Apple requires it; the handler retries while Apple is down (the rows are gone now).
        revocation = AppleRevocationRequested(
            user_id=user.id, client_id=apple.client_id, refresh_token=apple.refresh_token
        )
        await events.publish(session, revocation, subject=str(user.id))
    return user.id


async def list_users(
    session: AsyncSession, *, query: str | None, page: PageParams
) -> tuple[list[UserPublic], int]:
    statement = select(User)
    if query:
        statement = statement.where(contains(col(User.email), query.lower()))
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    users = list(
        await session.scalars(
            statement.order_by(col(User.created_at), col(User.id))
            .limit(page.limit)
            .offset(page.offset)
        )
    )
    linked = set(
        await session.scalars(
            select(col(AppleIdentity.user_id)).where(
                col(AppleIdentity.user_id).in_([user.id for user in users])
            )
        )
    )
    return [to_public(user, apple_linked=user.id in linked) for user in users], int(total or 0)


async def admin_update_user(
    session: AsyncSession, *, admin: Principal, user_id: uuid.UUID, data: AdminUserPatch
) -> User:
    changes = data.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        raise NullNotAllowed("role", "is_active")
    if user_id == admin.user_id and (
        changes.get("is_active") is False or changes.get("role", Role.admin) != Role.admin
    ):
        raise CannotChangeOwnRole("An admin cannot demote or deactivate themselves.")
    return await _change_user(session, user_id, changes)


async def sign_in_with_apple(
    session: AsyncSession, *, data: AppleSignInRequest, apple: AppleClient
) -> User:
    """The user of a verified Apple identity: found by Apple ``sub``, linked by verified email,
    or created."""
    try:
        claims = await apple.verify_identity_token(data.identity_token, nonce=data.nonce)
    except AppleTokenInvalid as exc:
        raise AppleIdentityRejected(f"The Apple identity token is not valid: {exc}") from exc
    identity = await session.get(AppleIdentity, claims.sub)
    if identity is not None:
        user = await get_user(session, identity.user_id)
    else:
        existing = await user_by_email(session, claims.email) if claims.email else None
        if existing is not None and claims.email_verified:
            user = existing
            user.email_verified = True
        else:
            # An unverified address is not proof of owning the account that has it.
            email = claims.email if existing is None else None
            user = await _create_user(
                session,
                User(
                    email=email,
                    name=data.name,
                    email_verified=claims.email_verified and bool(email),
                ),
            )
        identity = AppleIdentity(
            sub=claims.sub, user_id=user.id, email=claims.email, client_id=claims.audience
        )
        session.add(identity)
    if not user.is_active:
        raise AccountDeactivated()
    if data.authorization_code:
        try:
            refresh_token = await apple.exchange_code(
                data.authorization_code, client_id=claims.audience
            )
        except AppleTokenInvalid as exc:
            raise AppleIdentityRejected(str(exc)) from exc
        if refresh_token is not None:
            identity.refresh_token = refresh_token
    await flush_or_conflict(session, AppleLinkInProgress())
    return user


async def create_or_promote_admin(
    session: AsyncSession, *, email: str, password: str | None, passwords: Passwords
) -> tuple[User, bool]:
    """(the admin, whether it was created). An existing account is promoted and reactivated."""
    user = await user_by_email(session, email)
    if user is None:
        if password is None:
            raise ValueError("a new admin needs a password")
        user = User(
            email=email,
            password_hash=await passwords.hash(password),
            role=Role.admin,
            email_verified=True,
        )
        return await _create_user(session, user), True
    user.role = Role.admin
    user.is_active = True
    if password is not None:
        user.password_hash = await passwords.hash(password)
    user.updated_at = _now()
    return user, False
