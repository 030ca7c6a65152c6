"""HTTP routes of the projects service: parse, call service.py, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep
from cadence_shared.pagination import Page
from projects_service import service
from projects_service.schemas import ProjectCreate, ProjectPatch, ProjectPublic

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_project(
    data: ProjectCreate, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> ProjectPublic:
    project = await service.create_project(session, principal=principal, data=data)
    await session.commit()
    response.headers["Location"] = f"{router.prefix}/{project.id}"
    return service.to_public(project)


@router.get("")
async def list_projects(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Searches name and description")
    ] = None,
    all_: Annotated[
        bool, Query(alias="all", description="Every user's projects (admin role only)")
    ] = False,
) -> Page[ProjectPublic]:
    filters = service.ProjectFilter(query=q, every_owner=all_)
    found = await service.list_projects(session, principal=principal, filters=filters, page=page)
    return found.to_page(service.to_public)


@router.get("/{project_id}")
async def get_project(
    project_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ProjectPublic:
    project = await service.read_project(session, principal=principal, project_id=project_id)
    return service.to_public(project)


@router.patch("/{project_id}")
async def patch_project(
    project_id: uuid.UUID, data: ProjectPatch, session: SessionDep, principal: CurrentPrincipal
) -> ProjectPublic:
    project = await service.patch_project(
        session, user_id=principal.user_id, project_id=project_id, data=data
    )
    await session.commit()
    return service.to_public(project)


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_project(
    project_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    await service.delete_project(session, user_id=principal.user_id, project_id=project_id)
    await session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
