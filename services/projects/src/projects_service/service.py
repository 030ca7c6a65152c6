"""Projects as plain async functions: the session comes in, the caller commits.

Who sees what: the owner reads and writes their projects; the ``admin`` role also reads anyone's
(never writes them); the ``guest`` role owns nothing and may not create. Anyone else's project is
``ProjectNotFound``, never a refusal that would confirm it exists.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from cadence_shared import fastread
from cadence_shared.auth import Principal
from cadence_shared.db import contains, flush_or_conflict, table_of
from cadence_shared.errors import NullNotAllowed
from cadence_shared.pagination import PageParams
from cadence_shared.time import utc_now
from projects_service.designs import ProcessingSettings
from projects_service.errors import (
    AdminOnly,
    GuestCannotCreateProjects,
    ProjectIdTaken,
    ProjectNameTaken,
    ProjectNotFound,
    ThicknessWithoutMaterial,
)
from projects_service.models import DesignFile, Project, jobs
from projects_service.schemas import LaserSettings, ProjectCreate, ProjectPatch, ProjectPublic

PROJECT = table_of(Project).c
FILE = table_of(DesignFile).c
PREVIEW_SUFFIX = ".preview.png"
ADMIN, GUEST = "admin", "guest"
# Laser fields that may be null; every other one must keep a value.
NULLABLE_LASER_FIELDS = frozenset({"material", "thickness_mm"})


# The reads answer straight from the rows (cadence_shared.fastread), as ProjectPublic: the
# laser settings are selected flat and nested by ``_public_row``.
LASER_FIELDS = tuple(LaserSettings.model_fields)
PUBLIC_COLUMNS = (
    PROJECT.id,
    PROJECT.user_id.label("owner_id"),
    PROJECT.name,
    PROJECT.description,
    *(PROJECT[name] for name in LASER_FIELDS),
    PROJECT.created_at,
    PROJECT.updated_at,
)


@dataclass(frozen=True, slots=True)
class ProjectFilter:
    query: str | None = None
    every_owner: bool = False


def to_public(project: Project) -> ProjectPublic:
    return ProjectPublic(
        id=project.id,
        owner_id=project.user_id,
        name=project.name,
        description=project.description,
        laser=LaserSettings.model_validate(project),
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


def _public_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``PUBLIC_COLUMNS`` row in ``ProjectPublic``'s shape and field order."""
    laser = {name: row[name] for name in LASER_FIELDS}
    return {name: laser if name == "laser" else row[name] for name in ProjectPublic.model_fields}


def _check_laser(project: Project) -> None:
    if project.thickness_mm is not None and project.material is None:
        raise ThicknessWithoutMaterial()


async def create_project(
    session: AsyncSession, *, principal: Principal, data: ProjectCreate
) -> Project:
    if principal.has_role(GUEST):
        raise GuestCannotCreateProjects()
    if data.id is not None and await session.get(Project, data.id) is not None:
        raise ProjectIdTaken()
    now = utc_now()
    project = Project(
        id=data.id or uuid.uuid4(),
        user_id=principal.user_id,
        name=data.name,
        description=data.description,
        **data.laser.model_dump(),
        created_at=now,
        updated_at=now,
    )
    _check_laser(project)
    session.add(project)
    await flush_or_conflict(session, ProjectNameTaken())
    return project


def _readable(principal: Principal) -> list[ColumnElement[bool]]:
    """Who may read: an admin anyone's, everyone else their own (a guest owns none)."""
    if principal.has_role(ADMIN):
        return []
    return [PROJECT.user_id == principal.user_id]


async def read_project(
    session: AsyncSession, *, principal: Principal, project_id: uuid.UUID
) -> Project:
    """A project the caller may read, to act on it (its files, their G-code)."""
    project: Project | None = await session.scalar(
        select(Project).where(PROJECT.id == project_id, *_readable(principal))
    )
    if project is None:
        raise ProjectNotFound()
    return project


def _prepared_by_id(*columns: ColumnElement[Any]) -> dict[bool, fastread.Prepared]:
    """``columns`` of one project by id, built and compiled once per reader: the owner's
    (``False``), or anyone's (``True``, the admin role)."""
    return {
        every_owner: fastread.Prepared(
            select(*columns).where(
                PROJECT.id == bindparam("project_id"),
                *([] if every_owner else [PROJECT.user_id == bindparam("user_id")]),
            )
        )
        for every_owner in (False, True)
    }


_PROJECT_BY_ID = _prepared_by_id(*PUBLIC_COLUMNS)
_READABLE = _prepared_by_id(PROJECT.id)


def _by_id(principal: Principal, project_id: uuid.UUID) -> tuple[bool, dict[str, Any]]:
    """Which prepared read (anyone's for the admin role) and its values."""
    every_owner = principal.has_role(ADMIN)
    values = {"project_id": project_id} | ({} if every_owner else {"user_id": principal.user_id})
    return every_owner, values


async def check_readable(
    connection: AsyncConnection, *, principal: Principal, project_id: uuid.UUID
) -> None:
    """``ProjectNotFound`` unless the caller may read the project (before a read of its files)."""
    every_owner, values = _by_id(principal, project_id)
    await _READABLE[every_owner].row(connection, missing=ProjectNotFound(), **values)


async def show_project(
    connection: AsyncConnection, *, principal: Principal, project_id: uuid.UUID
) -> Response:
    """One project as a ``ProjectPublic`` (the project screen's read)."""
    every_owner, values = _by_id(principal, project_id)
    row = await _PROJECT_BY_ID[every_owner].row(connection, missing=ProjectNotFound(), **values)
    return fastread.respond(_public_row(row))


async def get_own_project(
    session: AsyncSession, *, user_id: uuid.UUID, project_id: uuid.UUID, lock: bool = False
) -> Project:
    """The caller's own project, for a change (an admin changes only their own)."""
    statement = select(Project).where(PROJECT.id == project_id, PROJECT.user_id == user_id)
    project: Project | None = await session.scalar(
        statement.with_for_update() if lock else statement
    )
    if project is None:
        raise ProjectNotFound()
    return project


async def list_projects(
    connection: AsyncConnection,
    *,
    principal: Principal,
    filters: ProjectFilter,
    page: PageParams,
) -> Response:
    """A page of the caller's projects (an admin's ``every_owner``: everyone's) as a
    ``Page[ProjectPublic]``, last changed first."""
    if filters.every_owner and not principal.has_role(ADMIN):
        raise AdminOnly()
    conditions = [] if filters.every_owner else [PROJECT.user_id == principal.user_id]
    if filters.query:
        conditions.append(
            contains(PROJECT.name, filters.query) | contains(PROJECT.description, filters.query)
        )
    statement = (
        select(*PUBLIC_COLUMNS).where(*conditions).order_by(PROJECT.updated_at.desc(), PROJECT.id)
    )
    return await fastread.page(connection, statement, page, shape=_public_row)


def _changes(data: ProjectPatch) -> dict[str, Any]:
    """The columns a PATCH sets; a null for a field that must keep a value is refused."""
    changes: dict[str, Any] = data.model_dump(exclude_unset=True, exclude={"laser"})
    if "name" in changes and changes["name"] is None:
        raise NullNotAllowed("name")
    if "laser" in data.model_fields_set:
        if data.laser is None:
            raise NullNotAllowed("laser")
        laser = data.laser.model_dump(exclude_unset=True)
        nulls = sorted(k for k, v in laser.items() if v is None and k not in NULLABLE_LASER_FIELDS)
        if nulls:
            raise NullNotAllowed(*(f"laser.{name}" for name in nulls))
        changes.update(laser)
    return changes


async def patch_project(
    session: AsyncSession, *, user_id: uuid.UUID, project_id: uuid.UUID, data: ProjectPatch
) -> Project:
    changes = _changes(data)
    project = await get_own_project(session, user_id=user_id, project_id=project_id, lock=True)
    for name, value in changes.items():
        setattr(project, name, value)
    _check_laser(project)
    project.updated_at = utc_now()
    await flush_or_conflict(session, ProjectNameTaken())
    return project


def preview_key_of(storage_key: str) -> str:
    """A file's preview sits beside its original (erasing the user's prefix erases it too)."""
    return f"{storage_key}{PREVIEW_SUFFIX}"


def stored_keys(file: DesignFile) -> list[str]:
    """Every object a design file has in storage."""
    return [file.storage_key, preview_key_of(file.storage_key)]


async def _cancel_files_of(session: AsyncSession, project_id: uuid.UUID) -> list[str]:
    """Cancels the jobs of the project's files and returns their storage keys (the rows go with
    the project: the foreign key cascades)."""
    found = await session.scalars(select(DesignFile).where(FILE.project_id == project_id))
    keys: list[str] = []
    for file in found:
        await jobs.cancel(session, resource_id=file.id)
        keys += stored_keys(file)
    return keys


async def delete_project(
    session: AsyncSession, *, user_id: uuid.UUID, project_id: uuid.UUID
) -> list[str]:
    """Deletes the project and its files (the foreign key cascades) and cancels their jobs;
    returns the storage keys the caller deletes once the deletion is committed."""
    project = await get_own_project(session, user_id=user_id, project_id=project_id, lock=True)
    keys = await _cancel_files_of(session, project.id)
    await session.delete(project)
    return keys


def processing_settings(project: Project) -> ProcessingSettings:
    """What the design engine reads of a project's settings (a file's estimate, its G-code)."""
    return ProcessingSettings(
        speed_mm_min=project.speed_mm_min,
        passes=project.passes,
        power_percent=project.power_percent,
        grbl_max_s=project.grbl_max_s,
        raster_dpi=project.raster_dpi,
        line_interval_mm=project.line_interval_mm,
        threshold=project.threshold,
    )


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Erases every project of the user, their files (cascade) and their jobs
    (auth.user.deleted.v1); the stored objects are the event handler's to delete."""
    await session.execute(delete(Project).where(PROJECT.user_id == user_id))
    await jobs.erase_user(session, user_id)
