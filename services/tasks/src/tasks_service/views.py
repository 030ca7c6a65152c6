"""HTTP routes of the tasks service: parse, call service.py, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from tasks_service import service
from tasks_service.models import TaskPriority, TaskStatus
from tasks_service.schemas import SearchText, TaskCreate, TaskPatch, TaskPublic, TaskWrite

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])


@router.get("", summary="List the caller's tasks", response_model=Page[TaskPublic])
async def list_tasks(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    status_: Annotated[TaskStatus | None, Query(alias="status")] = None,
    priority: TaskPriority | None = None,
    q: Annotated[SearchText | None, Query(description="Searches the title")] = None,
    sort: Annotated[str, Query(pattern=service.SORT_PATTERN)] = "-created_at",
    include_deleted: bool = False,
) -> Response:
    """Filtered by status and priority, searched in the title (`q`), sorted by `sort` (a field,
    `-` first for descending; newest first by default). Deleted tasks only with
    `include_deleted=true`.
    """
    filters = service.TaskFilter(
        status=status_, priority=priority, query=q, include_deleted=include_deleted
    )
    return await service.list_tasks(
        connection, user_id=principal.user_id, filters=filters, sort=sort, page=page
    )


@router.post(
    "", summary="Create a task", status_code=status.HTTP_201_CREATED, responses=problems(409)
)
async def create_task(
    data: TaskCreate, session: SessionDep, principal: CurrentPrincipal
) -> TaskPublic:
    """The body may carry a client-generated `id` (offline clients): a second create with it is a
    409 `task_id_taken`. Answers the stored task.
    """
    task = await service.create_task(session, user_id=principal.user_id, data=data)
    await session.commit()
    return TaskPublic.model_validate(task)


@router.get("/{task_id}", summary="Read a task", response_model=TaskPublic)
async def get_task(
    task_id: uuid.UUID,
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    include_deleted: bool = False,
) -> Response:
    """One of the caller's tasks; a deleted one only with `include_deleted=true`."""
    return await service.read_task(
        connection, user_id=principal.user_id, task_id=task_id, include_deleted=include_deleted
    )


@router.put("/{task_id}", summary="Replace a task")
async def replace_task(
    task_id: uuid.UUID, data: TaskWrite, session: SessionDep, principal: CurrentPrincipal
) -> TaskPublic:
    """Every writable field is set from the body; what it leaves out goes back to its default."""
    task = await service.replace_task(
        session, user_id=principal.user_id, task_id=task_id, data=data
    )
    await session.commit()
    return TaskPublic.model_validate(task)


@router.patch("/{task_id}", summary="Change some fields of a task")
async def patch_task(
    task_id: uuid.UUID, data: TaskPatch, session: SessionDep, principal: CurrentPrincipal
) -> TaskPublic:
    """Only the fields in the body change; `null` clears an optional one."""
    task = await service.patch_task(session, user_id=principal.user_id, task_id=task_id, data=data)
    await session.commit()
    return TaskPublic.model_validate(task)


@router.patch("/{task_id}/complete", summary="Mark a task done")
async def complete_task(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> TaskPublic:
    """Sets its status to done and records when; completing a done task changes nothing."""
    task = await service.complete_task(session, user_id=principal.user_id, task_id=task_id)
    await session.commit()
    return TaskPublic.model_validate(task)


@router.delete("/{task_id}", summary="Delete a task", status_code=status.HTTP_204_NO_CONTENT)
async def delete_task(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """A soft delete: the task leaves the lists, and reads only with `include_deleted=true`."""
    await service.delete_task(session, user_id=principal.user_id, task_id=task_id)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
