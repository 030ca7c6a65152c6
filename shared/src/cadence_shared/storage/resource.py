"""Storage as a resource of the service context, a route dependency, and the handler that erases
a deleted user's files.

A service that keeps files adds ``STORAGE_RESOURCE`` to ``create_app(resources=...)`` (its
settings inherit ``StorageSettings``); routes take ``StorageDep``; its ``events.py`` subscribes
``delete_files_of_deleted_user`` to ``UserDeleted`` with ``subscribe_with_context``.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.context import Key, Resource, ServiceContext, StartupError
from cadence_shared.deps import ContextDep
from cadence_shared.events.contracts import UserDeleted
from cadence_shared.events.envelope import Envelope
from cadence_shared.storage.base import Storage
from cadence_shared.storage.factory import storage_from_settings
from cadence_shared.storage.settings import StorageSettings

STORAGE: Key[Storage] = Key("storage")


@asynccontextmanager
async def _open_storage(context: ServiceContext) -> AsyncIterator[Storage]:
    if not isinstance(context.settings, StorageSettings):
        name = context.settings.service_name
        raise StartupError(f"{name}'s settings lack StorageSettings, which storage needs")
    storage = storage_from_settings(context.settings)
    try:
        yield storage
    finally:
        await storage.close()


STORAGE_RESOURCE = Resource(STORAGE, _open_storage)


def get_storage(context: ContextDep) -> Storage:
    return context.get(STORAGE)


StorageDep = Annotated[Storage, Depends(get_storage)]


async def delete_files_of_deleted_user(
    context: ServiceContext, session: AsyncSession, event: UserDeleted, envelope: Envelope
) -> None:
    """Every object of the deleted user, whatever the service's rows say (a redelivery finds
    nothing left and deletes nothing)."""
    await context.get(STORAGE).delete_all_of(event.user_id)
