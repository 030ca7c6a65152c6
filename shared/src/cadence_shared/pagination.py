"""limit/offset pagination with a maximum, the page envelope every list returns, and the one
helper that fills it from a statement."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

MAX_PAGE_LIMIT = 100
DEFAULT_PAGE_LIMIT = 20
# Deeper than any list of one user goes; and far inside Postgres' bigint, which an offset of
# 2**63 overflowed (a 500). Past it is a 422 like any other bad parameter.
MAX_PAGE_OFFSET = 1_000_000


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = DEFAULT_PAGE_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_PAGE_OFFSET)] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


T = TypeVar("T")
U = TypeVar("U")


class Page(BaseModel, Generic[T]):
    """The envelope every list answers with."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class Paginated(Generic[T]):
    """A page as the domain returns it (table rows or result rows), before the API's schema."""

    items: list[T]
    total: int
    page: PageParams

    def to_page(self, convert: Callable[[T], U]) -> Page[U]:
        return Page[U](
            items=[convert(item) for item in self.items],
            total=self.total,
            limit=self.page.limit,
            offset=self.page.offset,
        )


async def _total(session: AsyncSession, statement: Select[Any]) -> int:
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int(await session.scalar(counted) or 0)


async def paginate(session: AsyncSession, statement: Select[T], page: PageParams) -> Paginated[T]:
    """One page of a single-entity statement (already ordered) and the total it matches."""
    items = await session.scalars(statement.limit(page.limit).offset(page.offset))
    return Paginated(list(items), await _total(session, statement), page)


async def paginate_rows(
    session: AsyncSession, statement: Select[Any], page: PageParams
) -> Paginated[Row[Any]]:
    """One page of a multi-column statement (rows, for aggregates) and the total."""
    rows = await session.execute(statement.limit(page.limit).offset(page.offset))
    return Paginated(list(rows), await _total(session, statement), page)
