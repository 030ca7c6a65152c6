"""Task operations as plain async functions: the session comes in, the caller commits.

Reads answer straight from the rows (``cadence_shared.fastread``: one task on every screen, a
page of 100 for the list); writes go through the ORM session.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Response
from sqlalchemy import Select, bindparam, case, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import contains, flush_or_conflict, table_of
from cadence_shared.errors import NullNotAllowed
from cadence_shared.pagination import PageParams
from cadence_shared.time import utc_now
from tasks_service.errors import InvalidSort, TaskIdTaken, TaskNotFound
from tasks_service.models import Task, TaskPriority, TaskStatus
from tasks_service.schemas import TaskCreate, TaskPatch, TaskPublic, TaskWrite

task_table = table_of(Task)
PUBLIC_COLUMNS = fastread.columns_of(TaskPublic, task_table)

SORT_FIELDS = ("created_at", "updated_at", "priority", "due_date")
SORT_PATTERN = rf"^-?({'|'.join(SORT_FIELDS)})$"
PRIORITY_RANK = {TaskPriority.low: 0, TaskPriority.medium: 1, TaskPriority.high: 2}


@dataclass(frozen=True, slots=True)
class TaskFilter:
    status: TaskStatus | None = None
    priority: TaskPriority | None = None
    query: str | None = None
    include_deleted: bool = False


def _sort_key(sort: str) -> ColumnElement[Any]:
    name = sort.removeprefix("-")
    column: ColumnElement[Any]
    if name == "priority":
        column = case(PRIORITY_RANK, value=task_table.c.priority)
    elif name in SORT_FIELDS:
        column = task_table.c[name]
    else:
        raise InvalidSort(f"sort must be one of {', '.join(SORT_FIELDS)}, optionally with '-'.")
    return column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()


def _owned(user_id: Any, *, include_deleted: bool = False) -> list[ColumnElement[bool]]:
    """The user's tasks (``user_id`` a value or a ``bindparam``), live ones only by default."""
    conditions = [col(Task.user_id) == user_id]
    if not include_deleted:
        conditions.append(col(Task.deleted_at).is_(None))
    return conditions


def _listing_conditions(user_id: uuid.UUID, filters: TaskFilter) -> list[ColumnElement[bool]]:
    conditions = _owned(user_id, include_deleted=filters.include_deleted)
    if filters.status is not None:
        conditions.append(col(Task.status) == filters.status)
    if filters.priority is not None:
        conditions.append(col(Task.priority) == filters.priority)
    if filters.query:
        conditions.append(contains(col(Task.title), filters.query))
    return conditions


# One task by id, the hottest read: built and compiled once, live tasks or all (see read_task).
_TASK_BY_ID = {
    include_deleted: fastread.Prepared(
        select(*PUBLIC_COLUMNS).where(
            col(Task.id) == bindparam("task_id"),
            *_owned(bindparam("user_id"), include_deleted=include_deleted),
        )
    )
    for include_deleted in (False, True)
}


def _apply_status(task: Task, status: TaskStatus, now: datetime) -> None:
    """Keeps completed_at in step with the status."""
    if status == TaskStatus.completed and task.status != TaskStatus.completed:
        task.completed_at = now
    elif status != TaskStatus.completed:
        task.completed_at = None
    task.status = status


async def list_tasks(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    filters: TaskFilter,
    sort: str,
    page: PageParams,
) -> Response:
    """One page of the user's tasks as a ``Page[TaskPublic]``, in one round trip."""
    statement = (
        select(*PUBLIC_COLUMNS)
        .where(*_listing_conditions(user_id, filters))
        .order_by(_sort_key(sort), col(Task.id))
    )
    return await fastread.page(connection, statement, page)


async def read_task(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    task_id: uuid.UUID,
    include_deleted: bool = False,
) -> Response:
    """One task as a ``TaskPublic``: the hot read (every task screen)."""
    return await _TASK_BY_ID[include_deleted].one(
        connection, missing=TaskNotFound(), task_id=task_id, user_id=user_id
    )


def _owned_task(user_id: uuid.UUID, task_id: uuid.UUID) -> Select[Task]:
    return select(Task).where(col(Task.id) == task_id, *_owned(user_id))


async def get_task(session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """The user's live task, to change it."""
    task = await session.scalar(_owned_task(user_id, task_id))
    if task is None:
        raise TaskNotFound()
    return task


async def create_task(session: AsyncSession, *, user_id: uuid.UUID, data: TaskCreate) -> Task:
    now = utc_now()
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
    now = utc_now()
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
    now = utc_now()
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
        now = utc_now()
        _apply_status(task, TaskStatus.completed, now)
        task.updated_at = now
    return task


async def delete_task(session: AsyncSession, *, user_id: uuid.UUID, task_id: uuid.UUID) -> None:
    task = await get_task(session, user_id=user_id, task_id=task_id)
    task.deleted_at = task.updated_at = utc_now()


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Hard-deletes every task of ``user_id``, deleted ones included: their account is gone."""
    await session.execute(delete(Task).where(col(Task.user_id) == user_id))
