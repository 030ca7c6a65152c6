"""Fetching a job's input file from storage into its work directory, before the work runs, and
keeping the files its work leaves there, after it succeeded."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from cadence_shared.context import Key

if TYPE_CHECKING:
    from cadence_shared.context import ServiceContext
    from cadence_shared.jobs.store import Fetch, Keep
    from cadence_shared.storage import Storage

I = TypeVar("I", bound=BaseModel)  # noqa: E741
INPUT_FILE = "input"
CHUNK_BYTES = 1024 * 1024


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


@dataclass(frozen=True)
class Output(Generic[I]):
    """A file a job's work leaves in its work directory, and the storage key it is kept under."""

    name: str  # relative to the work directory
    key_of: Callable[[I], str]
    content_type: str = "application/octet-stream"
    max_bytes: int = 256 * 1024 * 1024


def files_to(storage: "Key[Storage]", *outputs: Output[I]) -> "Keep[I]":
    """A job's ``keep``: streams each of ``outputs`` from the work directory into the storage the
    context opened under ``storage``, once the work succeeded (a file missing is a failure of
    the attempt, retried like any other)."""

    async def keep(context: "ServiceContext", input: I, workdir: Path) -> None:
        store = context.get(storage)
        for output in outputs:
            path = workdir / output.name
            if not path.is_file():
                raise FileNotFoundError(f"the work left no {output.name!r}")
            await store.put(
                output.key_of(input),
                _chunks(path),
                max_bytes=output.max_bytes,
                content_type=output.content_type,
            )

    return keep


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
            yield chunk
