"""Task operations as plain async functions: the session comes in, the caller commits."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, Table, case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from cadence_shared.db import contains, driver_connection, fetch_rows, flush_or_conflict
from cadence_shared.errors import NullNotAllowed
from cadence_shared.pagination import PageParams
from tasks_service.errors import InvalidSort, TaskIdTaken, TaskNotFound
from tasks_service.models import Task, TaskPriority, TaskStatus
from tasks_service.schemas import TaskCreate, TaskPatch, TaskPublic, TaskWrite

TASK_TABLE: Table = Task.__table__  # type: ignore[attr-defined]
_TASK_BY_ID = (
    f"SELECT {', '.join(TASK_TABLE.c.keys())} FROM tasks.task WHERE id = $1 AND user_id = $2"
)
_LIVE_TASK_BY_ID = f"{_TASK_BY_ID} AND deleted_at IS NULL"
PUBLIC_COLUMNS = tuple(TaskPublic.model_fields)
assert set(PUBLIC_COLUMNS) <= set(TASK_TABLE.c.keys()), "TaskPublic has a field the table lacks"

SORT_FIELDS = ("created_at", "updated_at", "priority", "due_date")
SORT_PATTERN = rf"^-?({'|'.join(SORT_FIELDS)})$"
PRIORITY_RANK = {TaskPriority.low: 0, TaskPriority.medium: 1, TaskPriority.high: 2}


@dataclass(frozen=True, slots=True)
class TaskFilter:
    status: TaskStatus | None = None
    priority: TaskPriority | None = None
    query: str | None = None
    include_deleted: bool = False


def _now() -> datetime:
    return datetime.now(UTC)


def _sort_key(sort: str) -> ColumnElement[Any]:
    name = sort.removeprefix("-")
    column: ColumnElement[Any]
    if name == "priority":
        column = case(PRIORITY_RANK, value=TASK_TABLE.c.priority)
    elif name in SORT_FIELDS:
        column = TASK_TABLE.c[name]
    else:
        raise InvalidSort(f"sort must be one of {', '.join(SORT_FIELDS)}, optionally with '-'.")
    return column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()


def _owned(user_id: uuid.UUID, *, include_deleted: bool = False) -> Select[Task]:
    statement = select(Task).where(Task.user_id == user_id)  # type: ignore[arg-type]
    if not include_deleted:
        statement = statement.where(Task.deleted_at.is_(None))  # type: ignore[union-attr]
    return statement


def _apply_status(task: Task, status: TaskStatus, now: datetime) -> None:
    """Keeps completed_at in step with the status."""
    if status == TaskStatus.completed and task.status != TaskStatus.completed:
        task.completed_at = now
    elif status != TaskStatus.completed:
        task.completed_at = None
    task.status = status


def _listing_conditions(user_id: uuid.UUID, filters: TaskFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [TASK_TABLE.c.user_id == user_id]
    if not filters.include_deleted:
        conditions.append(TASK_TABLE.c.deleted_at.is_(None))
    if filters.status is not None:
        conditions.append(TASK_TABLE.c.status == filters.status)
    if filters.priority is not None:
        conditions.append(TASK_TABLE.c.priority == filters.priority)
    if filters.query:
        conditions.append(contains(TASK_TABLE.c.title, filters.query))
    return conditions


async def list_tasks(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    filters: TaskFilter,
    sort: str,
    page: PageParams,
) -> tuple[list[dict[str, Any]], int]:
    """One page of tasks as plain dicts in the shape of ``TaskPublic``, and the total.

    One round trip (the total rides along as a window count), rows straight from the driver:
    a page of 100 is the hottest read of the app, and validating it again costs more than the
    query (bench/README.md).
    """
    conditions = _listing_conditions(user_id, filters)
    rows = await fetch_rows(
        connection,
        select(*TASK_TABLE.c, func.count().over().label("total"))
        .where(*conditions)
        .order_by(_sort_key(sort), TASK_TABLE.c.id)
        .limit(page.limit)
        .offset(page.offset),
    )
    if rows:
        total = int(rows[0]["total"])
    elif page.offset == 0:
        total = 0
    else:  # a page past the end: the window count has no row to ride on
        total = int(
            await connection.scalar(select(func.count()).select_from(TASK_TABLE).where(*conditions))
            or 0
        )
    return [{name: row[name] for name in PUBLIC_COLUMNS} for row in rows], total


async def read_task(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    task_id: uuid.UUID,
    include_deleted: bool = False,
) -> TaskPublic:
    """The hot read (every task screen): plain SQL on the driver connection."""
    driver = await driver_connection(connection)
    query = _TASK_BY_ID if include_deleted else _LIVE_TASK_BY_ID
    row = await driver.fetchrow(query, task_id, user_id)
    if row is None:
        raise TaskNotFound()
    return TaskPublic.model_validate(dict(row))


async def get_task(
    session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID, include_deleted: bool = False
) -> Task:
    task: Task | None = await session.scalar(
        _owned(user_id, include_deleted=include_deleted).where(Task.id == task_id)  # type: ignore[arg-type]
    )
    if task is None:
        raise TaskNotFound()
    return task


async def create_task(session: AsyncSession, *, user_id: uuid.UUID, data: TaskCreate) -> Task:
    now = _now()
    task = Task(
        id=data.id or uuid.uuid4(),
        user_id=user_id,
        title=data.title,
        description=data.description,
        priority=data.priority,
        due_date=data.due_date,
        created_at=now,
        updated_at=now,
    )
    _apply_status(task, data.status, now)
    session.add(task)
    await flush_or_conflict(session, TaskIdTaken("A task with this id already exists."))
    return task


async def replace_task(
    session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID, data: TaskWrite
) -> Task:
    task = await get_task(session, user_id=user_id, task_id=task_id)
    now = _now()
    task.title = data.title
    task.description = data.description
    task.priority = data.priority
    task.due_date = data.due_date
    _apply_status(task, data.status, now)
    task.updated_at = now
    return task


async def patch_task(
    session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID, data: TaskPatch
) -> Task:
    changes = data.model_dump(exclude_unset=True)
    for required in ("title", "status", "priority"):
        if required in changes and changes[required] is None:
            raise NullNotAllowed(required)
    task = await get_task(session, user_id=user_id, task_id=task_id)
    now = _now()
    status = changes.pop("status", None)
    for field, value in changes.items():
        setattr(task, field, value)
    if status is not None:
        _apply_status(task, status, now)
    task.updated_at = now
    return task


async def complete_task(session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    task = await get_task(session, user_id=user_id, task_id=task_id)
    if task.status != TaskStatus.completed:
        now = _now()
        _apply_status(task, TaskStatus.completed, now)
        task.updated_at = now
    return task


async def delete_task(session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID) -> None:
    task = await get_task(session, user_id=user_id, task_id=task_id)
    task.deleted_at = task.updated_at = _now()


async def erase_user_tasks(session: AsyncSession, *, user_id: uuid.UUID) -> None:
    """Hard-deletes every task of ``user_id``, deleted ones included: their account is gone."""
    await session.execute(delete(Task).where(Task.user_id == user_id))  # type: ignore[arg-type]
