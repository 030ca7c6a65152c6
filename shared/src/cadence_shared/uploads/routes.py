"""An upload route in a few lines: parse and store, record, enqueue, commit, answer 202.

::

    SAMPLE_UPLOAD = UploadPolicy(accept=frozenset({"audio/*"}), max_bytes=..., form=SampleForm)
    SampleUploadDep = Annotated[UploadRequest[SampleForm], Depends(upload_route(SAMPLE_UPLOAD))]

    @router.post("", status_code=202, openapi_extra=SAMPLE_UPLOAD.openapi())
    async def upload_sample(upload: SampleUploadDep, session: SessionDep) -> Response:
        async def record(received: ReceivedUpload[SampleForm]) -> Accepted:
            sample = await service.add_sample(session, owner_id=upload.owner_id, upload=received)
            return Accepted(SampleOut.model_validate(sample), f"/api/v1/audio/samples/{sample.id}")

        return await upload.accept(session, record)

``record`` adds the resource (state ``queued``) and enqueues its job in ``session`` without
committing; ``accept`` commits once, so the record, the job and its outbox event land together.
"""

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.auth import CurrentPrincipal
from cadence_shared.idempotency import IdempotencyDep, IdempotencyKeys, StoredResponse
from cadence_shared.openapi import answers
from cadence_shared.storage import Storage
from cadence_shared.storage.resource import StorageDep
from cadence_shared.uploads.receive import (
    F,
    ReceivedUpload,
    UploadPolicy,
    fingerprint_upload,
    receive_upload,
)


@dataclass(frozen=True)
class Accepted:
    """What an upload route answers: the resource as the API shows it, and where it lives."""

    resource: BaseModel | Mapping[str, Any]
    location: str

    def stored(self) -> StoredResponse:
        body = (
            self.resource.model_dump(mode="json")
            if isinstance(self.resource, BaseModel)
            else jsonable_encoder(dict(self.resource))
        )
        return StoredResponse(202, body, {"Location": self.location})


def accepted_response(resource: BaseModel | Mapping[str, Any], *, location: str) -> JSONResponse:
    """202 Accepted with the resource (in state ``queued``) and its ``Location``."""
    return Accepted(resource, location).stored().to_response()


class UploadRequest(Generic[F]):
    """One upload request of a route: its caller, its storage, its policy, its idempotency key."""

    def __init__(
        self,
        request: Request,
        storage: Storage,
        *,
        owner_id: uuid.UUID,
        policy: UploadPolicy[F],
        idempotency: IdempotencyKeys,
        scope: str,
    ) -> None:
        self.request, self.storage, self.owner_id = request, storage, owner_id
        self.policy, self._idempotency, self._scope = policy, idempotency, scope

    async def receive(self) -> ReceivedUpload[F]:
        """The file streamed into storage, for a route with its own flow (no idempotency)."""
        return await receive_upload(
            self.request, self.storage, owner_id=self.owner_id, policy=self.policy
        )

    async def accept(
        self,
        session: AsyncSession,
        record: Callable[[ReceivedUpload[F]], Awaitable[Accepted]],
    ) -> JSONResponse:
        """Receives the file, runs ``record`` and commits ``session``: 202 with the resource.

        ``record`` raising (or being cancelled) deletes the object at once. A failed commit
        leaves it: the commit may have happened (a connection lost on its reply), and the
        orphan sweep removes it later if it did not. A retry with the same ``Idempotency-Key``
        is answered with the first 202 and stores nothing.
        """

        async def produce() -> tuple[StoredResponse, str]:
            received = await self.receive()
            try:
                accepted = await record(received)
            except BaseException:
                await asyncio.shield(self.storage.delete(received.stored.key))
                raise
            await session.commit()
            return accepted.stored(), received.fingerprint

        async def fingerprint() -> str:
            return await fingerprint_upload(self.request, self.policy)

        response, replayed = await self._idempotency.run_streamed(
            scope=self._scope, produce=produce, fingerprint_body=fingerprint
        )
        return response.to_response(replayed=replayed)


def upload_route(
    policy: UploadPolicy[F], *, scope: str = "uploads"
) -> Callable[..., UploadRequest[F]]:
    """The dependency of a route taking uploads of ``policy``; ``scope`` names the route's
    idempotency keys (two routes' keys never meet)."""

    @answers(413, 415)
    def dependency(
        request: Request,
        storage: StorageDep,
        principal: CurrentPrincipal,
        idempotency: IdempotencyDep,
    ) -> UploadRequest[F]:
        return UploadRequest(
            request,
            storage,
            owner_id=principal.user_id,
            policy=policy,
            idempotency=idempotency,
            scope=scope,
        )

    return dependency
