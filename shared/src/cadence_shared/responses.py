"""JSON straight from database rows, for read paths too hot for a validation round.

The bytes match what pydantic writes for the same values (UTC as ``Z``, UUIDs and dates as
strings), so a client cannot tell which path answered. Use it only where the rows already have
the documented shape (declare it with ``response_model=`` on the route, for the docs).
"""

from typing import Any

import orjson
from fastapi.responses import Response


def _fallback(value: object) -> str:
    # asyncpg's own UUID type (a uuid.UUID subclass orjson does not take as one).
    return str(value)


def json_response(content: Any, status_code: int = 200) -> Response:
    return Response(
        orjson.dumps(content, default=_fallback, option=orjson.OPT_UTC_Z),
        status_code=status_code,
        media_type="application/json",
    )
