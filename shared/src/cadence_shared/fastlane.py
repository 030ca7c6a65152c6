"""The fast lane: a service's plain GET routes answered without FastAPI's routing and solving.

A one-row read spent most of its CPU in the framework around it, not in the read: six layers of
middleware, a route lookup through nested routers (about 45 µs here), a ``Request`` object and
``solve_dependencies`` with its exit stacks (py-spy, bench/README.md "anchor"). The lane serves
the same routes with the same code, minus that machinery:

- **Which routes.** Every ``GET`` route of the routers given to ``create_app`` whose endpoint is
  ``async def``, returns a ``Response`` (the ``fastread`` reads do) and takes only path and query
  parameters and dependencies the lane can solve: ``async def`` functions or generators made of
  the same (``ReadConnectionDep``, ``PageDep``, ``ContextDep``, ``require_roles``...), and
  ``CurrentPrincipal``. Nothing is declared per service; ``fast_routes(app)`` lists them. The
  routes stay registered as they were: the OpenAPI document does not change.
- **Same answers.** A request goes the lane only when the ordinary router would pick the same
  route (the routes are tried in the router's order). Parameters are validated first, by
  FastAPI's own function; any invalid one sends the request the ordinary way, which answers its
  422 (and a 401 before it, in the framework's order). Then the dependencies run in FastAPI's
  order, generators closed after the endpoint; ``CurrentPrincipal`` is the same token check
  (401 problem+json on every bad token, revocations checked). Exceptions go through the app's
  own exception handlers (``ExceptionMiddleware`` with the same handlers), so a 404 of another
  user's row is the same problem body.
- **Same edges.** The app's own middlewares wrap the lane in the same order: request id, the
  access log line, request metrics and the tracing middleware (when tracing is on) see a lane
  request as any other, routed to the same route template.
- **Not in the lane**: other methods, requests with a body, a ``root_path``, an app with
  dependency overrides (tests), and every request while FastAPI's own telemetry is enabled:
  those take the ordinary path, unchanged. What the lane skips for its requests is FastAPI's
  outer layers (its server-error middleware, which our request middleware pre-empts, and the
  body limit of a body the routes never read).
"""

import inspect
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, get_type_hints

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_params_to_args
from fastapi.routing import APIRoute, APIRouter
from starlette.datastructures import QueryParams
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from cadence_shared.auth import bearer_token, current_principal, principal_from_token
from cadence_shared.deps import get_context

# A dependency the lane solves its own way: a function of the request's scope and app.
Solver = Callable[[Scope, FastAPI], Any]


async def _principal(scope: Scope, app: FastAPI) -> Any:
    authorization = None
    for name, value in scope["headers"]:
        if name == b"authorization":  # the first one, as Starlette's headers.get reads it
            authorization = value.decode("latin-1")
            break
    return await principal_from_token(app.state.context.tokens, bearer_token(authorization))


async def _context(scope: Scope, app: FastAPI) -> Any:
    return app.state.context


# Dependencies that need the request itself; their own sub-dependencies are not solved.
SOLVERS: dict[Callable[..., Any], Solver] = {current_principal: _principal, get_context: _context}


@dataclass
class _Node:
    """One dependency (or the endpoint) and what it is made of, in FastAPI's order."""

    call: Callable[..., Any]
    name: str | None
    children: list["_Node"]
    dependant: Dependant
    generator: bool = False
    solver: Solver | None = None


@dataclass
class FastRoute:
    route: APIRoute
    endpoint: _Node
    nodes: list[_Node] = field(default_factory=list)  # every node that has parameters


def _node(dependant: Dependant) -> _Node | None:
    """The plan of ``dependant``, or None when the lane cannot solve it as FastAPI would."""
    call = dependant.call
    if call is None:
        return None
    if call in SOLVERS:
        return _Node(call, dependant.name, [], dependant, solver=SOLVERS[call])
    special = (
        dependant.header_params,
        dependant.cookie_params,
        dependant.body_params,
        dependant.request_param_name,
        dependant.websocket_param_name,
        dependant.http_connection_param_name,
        dependant.response_param_name,
        dependant.background_tasks_param_name,
        dependant.security_scopes_param_name,
        dependant.concurrency,
    )
    generator = inspect.isasyncgenfunction(call)
    if any(special) or not (generator or inspect.iscoroutinefunction(call)):
        return None
    children = [_node(child) for child in dependant.dependencies]
    if any(child is None for child in children):
        return None
    return _Node(call, dependant.name, [c for c in children if c], dependant, generator)


def _walk(node: _Node) -> Iterator[_Node]:
    for child in node.children:
        yield from _walk(child)
    yield node


def plan(route: APIRoute) -> FastRoute | None:
    """The lane's plan of ``route``, or None when it stays on the ordinary path."""
    if route.methods != {"GET"} or not inspect.iscoroutinefunction(route.endpoint):
        return None
    returns = get_type_hints(route.endpoint).get("return")
    if not (inspect.isclass(returns) and issubclass(returns, Response)):
        return None
    endpoint = _node(route.dependant)
    if endpoint is None or endpoint.generator:
        return None
    nodes = [
        node
        for node in _walk(endpoint)
        if node.solver is None and (node.dependant.path_params or node.dependant.query_params)
    ]
    return FastRoute(route, endpoint, nodes)


@dataclass(frozen=True)
class _Entry:
    route: BaseRoute
    fast: FastRoute | None


def _entries(app: FastAPI) -> list[_Entry]:
    """The app's routes in the router's order; a route of a kind the lane does not know ends the
    list (what follows it might be shadowed by it), so the lane answers none of them."""
    entries: list[_Entry] = []
    for route in app.router.routes:
        included: APIRouter | None = getattr(route, "original_router", None)
        context = getattr(route, "include_context", None)
        if included is not None and context is not None and _plain(included, context):
            for inner in included.routes:
                if not isinstance(inner, APIRoute):
                    return entries
                entries.append(_Entry(inner, plan(inner)))
        elif type(route) is Route or type(route) is APIRoute:
            entries.append(_Entry(route, None))
        else:
            return entries
    return entries


def _plain(router: APIRouter, context: Any) -> bool:
    """Included as it is: no prefix, dependencies or nested routers added on the way."""
    return not (context.prefix or context.dependencies or router.dependencies)


class FastLane:
    """The lane of one app: the request's route, and its answer (see the module's text)."""

    def __init__(self, app: FastAPI, fallback: ASGIApp) -> None:
        self.app = app
        self.entries = _entries(app)
        self.fallback = fallback  # the ordinary router, inside the app's exception middleware
        handlers = {
            key: handler
            for key, handler in app.exception_handlers.items()
            if key not in (500, Exception)
        }
        lane: ASGIApp = ExceptionMiddleware(self._answer, handlers=handlers, debug=app.debug)
        for middleware in reversed(app.user_middleware):
            lane = middleware.cls(lane, *middleware.args, **middleware.kwargs)
        self.lane = lane
        # What the lane took, by route template: a dict increment a request, read by the tests
        # that compare its answers with the framework's (cadence_shared.testing.fastlane).
        self.taken: Counter[str] = Counter()

    def match(self, scope: Scope) -> tuple[FastRoute, dict[str, Any]] | None:
        path = scope["path"]
        for entry in self.entries:
            route = entry.route
            found = route.path_regex.match(path)  # type: ignore[attr-defined]
            if found is None:
                continue
            if entry.fast is None:
                methods = getattr(route, "methods", None)
                if methods is None or "GET" in methods:
                    return None  # the ordinary route answers it
                continue
            convertors = route.param_convertors  # type: ignore[attr-defined]
            params = {
                key: convertors[key].convert(value) for key, value in found.groupdict().items()
            }
            return entry.fast, params
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.lane(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        fast: FastRoute = scope["cadence.fastlane"]
        self.taken[fast.route.path] += 1
        values = _validated(fast, scope)
        if values is None:  # an invalid parameter: the framework answers it its own way
            await self.fallback(scope, receive, send)
            return
        async with AsyncExitStack() as stack:
            response = await _solve(fast.endpoint, values, scope, self.app, stack, {})
        if not isinstance(response, Response):
            raise TypeError(f"{fast.route.path}: the endpoint did not return a Response")
        await response(scope, receive, send)


def _validated(fast: FastRoute, scope: Scope) -> dict[int, dict[str, Any]] | None:
    """Each node's path and query values, validated as FastAPI does; None if any is invalid."""
    query = QueryParams(scope["query_string"])
    values: dict[int, dict[str, Any]] = {}
    for node in fast.nodes:
        path_values, path_errors = request_params_to_args(
            node.dependant.path_params, scope["path_params"]
        )
        query_values, query_errors = request_params_to_args(node.dependant.query_params, query)
        if path_errors or query_errors:
            return None
        values[id(node)] = {**path_values, **query_values}
    return values


async def _solve(
    node: _Node,
    values: dict[int, dict[str, Any]],
    scope: Scope,
    app: FastAPI,
    stack: AsyncExitStack,
    cache: dict[Callable[..., Any], Any],
) -> Any:
    """``node``'s value: its children first, in order, each solved once per request."""
    if node.solver is not None:
        return await node.solver(scope, app)
    arguments = dict(values.get(id(node), {}))
    for child in node.children:
        if child.dependant.use_cache and child.call in cache:
            solved = cache[child.call]
        else:
            solved = await _solve(child, values, scope, app, stack, cache)
            cache.setdefault(child.call, solved)
        if child.name is not None:
            arguments[child.name] = solved
    if node.generator:
        return await stack.enter_async_context(asynccontextmanager(node.call)(**arguments))
    return await node.call(**arguments)


class FastLaneAPI(FastAPI):
    """A FastAPI app whose plain GET routes take the fast lane (``create_app`` builds these)."""

    _lane: FastLane | None = None
    _lane_version: Any = None

    def fast_lane(self) -> FastLane:
        version = self.router._get_routes_version()
        if self._lane is None or version != self._lane_version:
            if self.middleware_stack is None:
                self.middleware_stack = self.build_middleware_stack()
            self._lane = FastLane(self, _router_inside(self.middleware_stack, self.router))
            self._lane_version = version
        return self._lane

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _may_take_lane(self, scope):
            lane = self.fast_lane()
            found = lane.match(scope)
            if found is not None:
                scope["app"] = self
                scope["cadence.fastlane"], scope["path_params"] = found
                scope["route"], scope["endpoint"] = found[0].route, found[0].route.endpoint
                await lane(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def _may_take_lane(app: FastAPI, scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or scope.get("root_path"):
        return False
    if app.dependency_overrides or app.root_path or app._native_telemetry.enabled():
        return False
    for name, value in scope["headers"]:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return False
    return True


def _router_inside(stack: ASGIApp, router: ASGIApp) -> ASGIApp:
    """What the ordinary stack runs inside its exception middleware (its exit-stack middleware
    and the router): where a lane request that the lane will not answer goes on."""
    layer: Any = stack
    while not isinstance(layer, ExceptionMiddleware):
        layer = layer.app
    inner: ASGIApp = layer.app
    return inner if inner is not None else router


def fast_routes(app: FastAPI) -> list[str]:
    """The path templates the lane answers, in the router's order."""
    lane = app.fast_lane() if isinstance(app, FastLaneAPI) else None
    return [entry.fast.route.path for entry in (lane.entries if lane else []) if entry.fast]


@asynccontextmanager
async def ordinary_path(app: FastAPI) -> AsyncIterator[None]:
    """Inside the block, ``app`` answers every request the ordinary way (tests compare)."""
    original = app.dependency_overrides
    app.dependency_overrides = {_never: _never}
    try:
        yield
    finally:
        app.dependency_overrides = original


def _never() -> None:  # the key of the override ``ordinary_path`` sets: nothing depends on it
    raise AssertionError("unreachable")


__all__: Sequence[str] = ("FastLane", "FastLaneAPI", "FastRoute", "fast_routes", "ordinary_path")
