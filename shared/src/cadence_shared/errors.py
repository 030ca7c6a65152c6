"""Domain errors: what went wrong in the service's own terms, with a stable code.

Service code raises these and knows nothing of HTTP. Each service declares its errors once, in
its ``errors.py``, as subclasses of one of the kinds below::

    class TaskNotFound(NotFound):
        code = "task_not_found"
        title = "Task not found"
        description = "No task with this id belongs to the caller."

    raise TaskNotFound()                                   # the description is the detail
    raise DietPlanOverlap("Plan 'Cut' is active on monday.", plan_id=..., weekday="monday")

The HTTP edge (``cadence_shared.problems``) renders them as problem+json with
``type: /problems/<code>``; the gateway serves ``/problems/<code>`` from the catalog that
``make render`` collects from every service (``registered_errors()``). In an event handler a
permanent error (the event can never apply: not found, invalid, conflict, forbidden) parks the
message at once with its reason; anything else is retried.
"""

from typing import Any, ClassVar


class DomainError(Exception):
    """The base of every kind. A concrete error sets ``code``, ``title`` and ``description``."""

    code: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    # False for errors that may go away by themselves (a backend down): events are retried.
    permanent: ClassVar[bool] = True

    _registry: ClassVar[dict[str, type["DomainError"]]] = {}

    def __init__(self, detail: str | None = None, **extensions: Any) -> None:
        self.detail = detail or self.description or self.title
        self.extensions = extensions
        super().__init__(self.detail)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.code:
            return  # a kind, not a concrete error
        known = DomainError._registry.get(cls.code)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(
                f"error code {cls.code!r} is taken by {known.__module__}.{known.__name__}"
            )
        DomainError._registry[cls.code] = cls


class NotFound(DomainError):
    """The thing does not exist, or belongs to someone else (never say which)."""


class Conflict(DomainError):
    """The request contradicts what is stored (a duplicate, an overlap, a stale state)."""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class InvalidInput(DomainError):
    """The input is well-formed but makes no sense for this operation."""


class BadRequest(DomainError):
    """The request cannot be honoured as sent (a dead link, a missing prerequisite)."""


class Unauthenticated(DomainError):
    """The caller's credentials are missing, wrong or no longer valid."""


class RateLimited(DomainError):
    """Too many attempts; ``retry_after_s`` (an extension) says when to try again."""

    permanent = False


class TooLarge(DomainError):
    """The input is bigger than this operation accepts."""


class UnsupportedType(DomainError):
    """The input is of a kind this operation does not accept."""


class Unavailable(DomainError):
    """A backend the operation needs is down: try again later."""

    permanent = False


def registered_errors() -> list[type[DomainError]]:
    """Every concrete error imported so far, by code."""
    return [DomainError._registry[code] for code in sorted(DomainError._registry)]


class NullNotAllowed(InvalidInput):
    code = "null_not_allowed"
    title = "Field cannot be null"
    description = "A field that must have a value was sent as null: `errors` names it."

    def __init__(self, *fields: str) -> None:
        super().__init__(
            f"{', '.join(fields)} cannot be null.",
            errors=[{"loc": ["body", name], "msg": "cannot be null"} for name in fields],
        )


class InvalidRange(InvalidInput):
    code = "invalid_range"
    title = "Invalid range"
    description = "The lower bound of a range is after its upper bound."
