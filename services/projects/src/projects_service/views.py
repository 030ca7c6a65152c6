"""HTTP routes of the projects service: parse, call service.py, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.idempotency import IdempotencyDep, StoredResponse
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from cadence_shared.storage.resource import StorageDep
from projects_service import service
from projects_service.errors import AdminOnly, ProjectNameTaken
from projects_service.schemas import ProjectCreate, ProjectPatch, ProjectPublic

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])


@router.post(
    "",
    summary="Create a project",
    status_code=status.HTTP_201_CREATED,
    response_model=ProjectPublic,
    responses=problems(409),
)
async def create_project(
    data: ProjectCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    idempotency: IdempotencyDep,
) -> Response:
    """Creates a project. Safe to retry with an ``Idempotency-Key``: a replay answers the first
    response again (``Idempotent-Replayed: true``) and creates nothing."""

    async def create() -> StoredResponse:
        project = await service.create_project(session, principal=principal, data=data)
        await session.commit()
        return StoredResponse(
            status.HTTP_201_CREATED,
            service.to_public(project).model_dump(mode="json"),
            {"Location": f"{router.prefix}/{project.id}"},
        )

    return await idempotency.respond(scope="projects", fingerprint_of=data, produce=create)


@router.get(
    "",
    summary="List or search projects",
    response_model=Page[ProjectPublic],
    responses=problems(AdminOnly),
)
async def list_projects(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Searches name and description")
    ] = None,
    all_: Annotated[
        bool, Query(alias="all", description="Every user's projects (admin role only)")
    ] = False,
) -> Response:
    """The caller's projects, newest first, searched by name and description with `q`;
    `all=true` lists every user's (admin role only)."""
    filters = service.ProjectFilter(query=q, every_owner=all_)
    return await service.list_projects(connection, principal=principal, filters=filters, page=page)


@router.get("/{project_id}", summary="Read a project", response_model=ProjectPublic)
async def get_project(
    project_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """One project with its laser settings (its owner's, or any for the admin role)."""
    return await service.show_project(connection, principal=principal, project_id=project_id)


@router.patch(
    "/{project_id}",
    summary="Change a project or its laser settings",
    responses=problems(ProjectNameTaken),
)
async def patch_project(
    project_id: uuid.UUID, data: ProjectPatch, session: SessionDep, principal: CurrentPrincipal
) -> ProjectPublic:
    """Changes the given fields; the laser settings merge field by field. Files already
    processed keep their estimates until reprocessed."""
    project = await service.patch_project(
        session, user_id=principal.user_id, project_id=project_id, data=data
    )
    await session.commit()
    return service.to_public(project)


@router.delete(
    "/{project_id}",
    summary="Delete a project and its files",
    status_code=status.HTTP_204_NO_CONTENT,
)
async def delete_project(
    project_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, storage: StorageDep
) -> Response:
    """Deletes the project, its files and their stored objects (once the deletion is committed),
    and cancels their processing."""
    keys = await service.delete_project(session, user_id=principal.user_id, project_id=project_id)
    await session.commit()
    for key in keys:
        await storage.delete(key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
