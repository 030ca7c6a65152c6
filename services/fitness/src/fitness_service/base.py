"""The table base of the fitness schema, and what every subdomain's tables share."""

import enum
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from cadence_shared.db import service_registry


class FitnessTable(SQLModel, registry=service_registry("fitness")):
    """Base of every table in the fitness schema."""


metadata = FitnessTable.metadata


class EntryStatus(enum.StrEnum):
    """A food, food log or workout session made from an OCR result is a ``draft`` until the user
    confirms it; drafts count in no total, series or record."""

    draft = "draft"
    confirmed = "confirmed"


async def lock_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Serialises the writes of one user that read before they write (plan overlaps, totals and
    records, erasure against event handlers), until the transaction ends."""
    key = func.hashtextextended(f"fitness:user:{user_id}", 0)
    await session.execute(select(func.pg_advisory_xact_lock(key)))
