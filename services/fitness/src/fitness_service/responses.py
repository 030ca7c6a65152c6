"""Small response helpers the subdomains' views share."""

from collections.abc import Awaitable, Callable

from fastapi import Response, status
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from cadence_shared.idempotency import IdempotencyKeys, StoredResponse

# The Idempotency-Key scopes of the routes that take one; an erased user's stored responses
# under them are deleted too (events.erase_user_data).
FOOD_LOGS_SCOPE = "food-logs"
WORKOUT_SESSIONS_SCOPE = "workout-sessions"
IDEMPOTENCY_SCOPES = (FOOD_LOGS_SCOPE, WORKOUT_SESSIONS_SCOPE)


def no_content() -> Response:
    """A fresh 204 (a shared Response object would carry one request's headers to the next)."""
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def write_once(
    idempotency: IdempotencyKeys,
    session: AsyncSession,
    *,
    scope: str,
    request: BaseModel,
    write: Callable[[], Awaitable[tuple[BaseModel, bool]]],
) -> Response:
    """Runs ``write`` (the answer, and whether it created something) and commits, once per
    ``Idempotency-Key``: 201 when it created, 200 when it found what the client sent before."""

    async def produce() -> StoredResponse:
        answer, created = await write()
        await session.commit()
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return StoredResponse(code, answer.model_dump(mode="json"))

    return await idempotency.respond(scope=scope, fingerprint_of=request, produce=produce)
