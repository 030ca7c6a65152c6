"""Fetching a job's input file from storage into its work directory, before the work runs."""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from cadence_shared.context import Key

if TYPE_CHECKING:
    from cadence_shared.context import ServiceContext
    from cadence_shared.jobs.store import Fetch
    from cadence_shared.storage import Storage

I = TypeVar("I", bound=BaseModel)  # noqa: E741
INPUT_FILE = "input"


def object_to(storage: "Key[Storage]", key_of: Callable[[I], str]) -> "Fetch[I]":
    """A job's ``fetch``: streams the object ``key_of(input)`` from the storage the context opened
    under ``storage`` into ``workdir / "input"`` (in the event loop, chunk by chunk), so the work
    reads a local file whatever the backend."""

    async def fetch(context: "ServiceContext", input: I, workdir: Path) -> None:
        store = context.get(storage)
        with (workdir / INPUT_FILE).open("wb") as file:
            async for chunk in store.open(key_of(input)):
                await asyncio.to_thread(file.write, chunk)

    return fetch
