"""schemathesis's own check for the runs without a token (loaded through ``SCHEMATHESIS_HOOKS``
by ``fuzz.fuzz``): every operation its document marks as protected answers 401 problem+json.

One refusal comes before authentication and is accepted: a request the service cannot read at
all (a body that is not UTF-8 JSON, a NUL in the query string) is a 422 ``validation_failed``
while it is parsed, before any dependency runs (FastAPI reads the body first; the query guard
runs before routing). Such a request reaches no handler and learns nothing about any resource;
through the gateway the authorizer answers 401 before that.
"""

from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation

PROBLEM_JSON = "application/problem+json"
UNREADABLE = {("body", "json_invalid"), ("query", "value_error")}


def _unreadable(response: schemathesis.Response) -> bool:
    """A 422 refusing the request's bytes (not its meaning) before it was routed to a handler."""
    if response.status_code != 422:
        return False
    body = response.json()
    errors = body.get("errors") or [] if isinstance(body, dict) else []
    return bool(errors) and all(
        (error["loc"][0], error["type"]) in UNREADABLE
        and (error["type"] == "json_invalid" or "NUL" in error["msg"])
        for error in errors
    )


@schemathesis.check
def protected_operation_answers_401(
    ctx: schemathesis.CheckContext,
    response: schemathesis.Response,
    case: schemathesis.Case[Any],
) -> bool | None:
    """Without a valid token a protected operation is a 401 problem, never its handler's answer."""
    operation = case.operation
    if not operation.definition.raw.get("security"):
        return None  # public: the usual checks judge it
    if case.method.upper() != operation.method.upper():
        return None  # a method the path does not take: a 405 from routing
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return None  # an invalid path parameter may miss the operation's route altogether
    content_type = response.headers.get("content-type", [""])[0]
    if not content_type.startswith(PROBLEM_JSON):
        raise AssertionError(f"{case.method} {case.formatted_path}: {content_type}, no problem")
    if response.status_code != 401 and not _unreadable(response):
        raise AssertionError(
            f"{case.method} {case.formatted_path} without a valid token answered "
            f"{response.status_code}, not 401: {response.text[:300]}"
        )
    return None
