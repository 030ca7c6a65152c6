"""Refuses a NUL character in any query parameter, for every service, before routing.

Postgres text cannot hold ``\\x00``: a ``q=%00`` used to reach the database and fail there as a
500. Path and body fields are typed per route (``cadence_shared.types.NoNul``); query strings
are checked here once, so no service has to remember. The answer is the usual 422
``validation_failed`` problem naming the parameter.
"""

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from cadence_shared.problems import problem_response


def nul_parameters(query_string: bytes) -> list[str]:
    """The names of the query parameters (name or value) that hold a NUL character."""
    decoded = query_string.decode("latin-1")
    if "%00" not in decoded and "\x00" not in decoded:
        return []
    pairs = parse_qsl(decoded, keep_blank_values=True, encoding="utf-8", errors="replace")
    return [name.replace("\x00", "\\u0000") for name, value in pairs if "\x00" in name + value]


class QueryGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = nul_parameters(scope.get("query_string", b""))
            if refused:
                errors = [
                    {
                        "loc": ["query", name],
                        "msg": "must not contain NUL characters",
                        "type": "value_error",
                    }
                    for name in refused
                ]
                response = problem_response(
                    422,
                    "The request is not valid: see errors.",
                    title="Validation failed",
                    instance=scope["path"],
                    errors=errors,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
