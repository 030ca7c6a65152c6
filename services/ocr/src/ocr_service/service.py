"""Items as plain async functions: the session comes in, the caller commits."""

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.db import table_of
from cadence_shared.pagination import PageParams
from cadence_shared.time import utc_now
from ocr_service.errors import ItemNotFound
from ocr_service.models import Item
from ocr_service.schemas import ItemCreate

item_table = table_of(Item).c


async def create_item(session: AsyncSession, *, user_id: uuid.UUID, data: ItemCreate) -> Item:
    item = Item(user_id=user_id, name=data.name, created_at=utc_now())
    session.add(item)
    await session.flush()
    return item


async def get_item(session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID) -> Item:
    item: Item | None = await session.scalar(
        select(Item).where(item_table.id == item_id, item_table.user_id == user_id)
    )
    if item is None:
        raise ItemNotFound()
    return item


async def list_items(
    session: AsyncSession, *, user_id: uuid.UUID, page: PageParams
) -> tuple[list[Item], int]:
    """The user's items, newest first."""
    statement = select(Item).where(item_table.user_id == user_id)
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    items = await session.scalars(
        statement.order_by(item_table.created_at.desc(), item_table.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(items), int(total or 0)


async def delete_item(session: AsyncSession, *, user_id: uuid.UUID, item_id: uuid.UUID) -> None:
    await session.delete(await get_item(session, user_id=user_id, item_id=item_id))


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases every item of the user."""
    await session.execute(delete(Item).where(item_table.user_id == user_id))
