"""Login sessions: refresh-token families, rotation with reuse detection, revocation.

The session comes in and the caller commits, except where a refusal must itself be stored (a
reused refresh token revokes its family even though the request fails): there it commits first.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from auth_service.errors import (
    AccountDeactivated,
    RefreshTokenExpired,
    RefreshTokenReused,
    RefreshTokenUnknown,
    SessionRevoked,
)
from auth_service.models import RefreshFamily, RefreshToken, User
from auth_service.opaque import new_token, token_hash
from auth_service.revocation import Revocations, Revoked
from auth_service.schemas import TokenPair
from auth_service.settings import Settings
from auth_service.tokens import AccessTokenIssuer
from cadence_shared.auth import Principal


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SessionTools:
    settings: Settings
    issuer: AccessTokenIssuer
    revocations: Revocations


async def _add_refresh_token(
    session: AsyncSession, *, family: RefreshFamily, settings: Settings, now: datetime
) -> str:
    raw = new_token()
    expires_at = min(now + timedelta(seconds=settings.refresh_token_ttl_s), family.expires_at)
    session.add(
        RefreshToken(family_id=family.id, token_hash=token_hash(raw), expires_at=expires_at)
    )
    await session.flush()
    return raw


async def open_session(session: AsyncSession, *, user: User, tools: SessionTools) -> TokenPair:
    """A new refresh family (one login) and its first token pair."""
    now = _now()
    family = RefreshFamily(
        user_id=user.id,
        expires_at=now + timedelta(seconds=tools.settings.refresh_family_ttl_s),
    )
    session.add(family)
    await session.flush()
    refresh = await _add_refresh_token(session, family=family, settings=tools.settings, now=now)
    access = tools.issuer.issue(user, session_id=family.id)
    return TokenPair(access_token=access.token, refresh_token=refresh, expires_in=access.expires_in)


async def rotate(session: AsyncSession, *, refresh_token: str, tools: SessionTools) -> TokenPair:
    """Spends a refresh token for a new pair of the same family.

    Marking the token used is one conditional UPDATE, so of two concurrent refreshes with the same
    token exactly one wins; the other finds it used, like any replay, and the family is revoked.
    """
    now = _now()
    digest = token_hash(refresh_token)
    spent = (
        await session.execute(
            update(RefreshToken)
            .where(col(RefreshToken.token_hash) == digest, col(RefreshToken.used_at).is_(None))
            .values(used_at=now)
            .returning(col(RefreshToken.family_id), col(RefreshToken.expires_at))
        )
    ).first()
    if spent is None:
        family_id = await session.scalar(
            select(col(RefreshToken.family_id)).where(col(RefreshToken.token_hash) == digest)
        )
        if family_id is not None:
            revoked = await revoke_families(session, family_ids=[family_id])
            await tools.revocations.commit_and_revoke(session, Revoked(sessions=revoked))
            raise RefreshTokenReused()
        raise RefreshTokenUnknown("Unknown refresh token.")
    family_id, expires_at = spent
    row = (
        await session.execute(
            select(RefreshFamily, User)
            .join(User, col(User.id) == col(RefreshFamily.user_id))
            .where(col(RefreshFamily.id) == family_id)
        )
    ).one()
    family, user = row
    if family.revoked_at is not None:
        raise SessionRevoked("This session was revoked.")
    if expires_at <= now or family.expires_at <= now:
        raise RefreshTokenExpired("This refresh token has expired.")
    if not user.is_active:
        raise AccountDeactivated()
    refresh = await _add_refresh_token(session, family=family, settings=tools.settings, now=now)
    access = tools.issuer.issue(user, session_id=family.id)
    return TokenPair(access_token=access.token, refresh_token=refresh, expires_in=access.expires_in)


async def revoke_families(
    session: AsyncSession, *, family_ids: list[uuid.UUID], user_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Revokes the given families (of ``user_id`` only, when given); returns those revoked now."""
    if not family_ids:
        return []
    statement = update(RefreshFamily).where(
        col(RefreshFamily.id).in_(family_ids),
        col(RefreshFamily.revoked_at).is_(None),
    )
    if user_id is not None:
        statement = statement.where(col(RefreshFamily.user_id) == user_id)
    revoked = await session.scalars(
        statement.values(revoked_at=_now()).returning(col(RefreshFamily.id))
    )
    return list(revoked)


async def revoke_user_sessions(
    session: AsyncSession, *, user_id: uuid.UUID, keep: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Revokes every live session of the user except ``keep``; returns the revoked ids."""
    statement = update(RefreshFamily).where(
        col(RefreshFamily.user_id) == user_id,
        col(RefreshFamily.revoked_at).is_(None),
    )
    if keep is not None:
        statement = statement.where(col(RefreshFamily.id) != keep)
    revoked = await session.scalars(
        statement.values(revoked_at=_now()).returning(col(RefreshFamily.id))
    )
    return list(revoked)


async def family_of(session: AsyncSession, *, refresh_token: str) -> uuid.UUID | None:
    family_id: uuid.UUID | None = await session.scalar(
        select(col(RefreshToken.family_id)).where(
            col(RefreshToken.token_hash) == token_hash(refresh_token)
        )
    )
    return family_id


async def log_out(
    session: AsyncSession, *, principal: Principal, refresh_token: str | None
) -> Revoked:
    """Revokes this access token until it expires, its session, and ``refresh_token``'s."""
    own_session = [uuid.UUID(principal.session_id)] if principal.session_id else []
    family_ids = list(own_session)
    if refresh_token:
        family_id = await family_of(session, refresh_token=refresh_token)
        if family_id is not None:
            family_ids.append(family_id)
    revoked = await revoke_families(session, family_ids=family_ids, user_id=principal.user_id)
    return Revoked(sessions={*revoked, *own_session}, token=principal)
