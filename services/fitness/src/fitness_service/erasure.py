"""Erasing a user (auth.user.deleted.v1), and the tombstone that keeps them erased."""

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from fitness_service.base import lock_user
from fitness_service.drafts import service as drafts
from fitness_service.models import ErasedUser
from fitness_service.nutrition import service as nutrition
from fitness_service.progress import service as progress
from fitness_service.workouts import service as workouts


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Deletes every row of the user in every subdomain and keeps a tombstone, so an event
    about them that arrives later (a run uploaded offline, an OCR job) adds nothing back."""
    await lock_user(session, user_id)
    await drafts.erase_user(session, user_id)
    await nutrition.erase_user(session, user_id)
    await workouts.erase_user(session, user_id)
    await progress.erase_user(session, user_id)
    await session.execute(insert(ErasedUser).values(user_id=user_id).on_conflict_do_nothing())


async def accepts_data_for(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """False for an erased user. Takes the user's lock, so an erasure running now cannot
    commit between this check and the caller's write."""
    await lock_user(session, user_id)
    erased = await session.scalar(
        select(col(ErasedUser.user_id)).where(col(ErasedUser.user_id) == user_id)
    )
    return erased is None
