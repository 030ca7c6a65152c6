from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_task_public import PageTaskPublic
from ...models.problem import Problem
from ...models.task_priority import TaskPriority
from ...models.task_status import TaskStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | TaskStatus | Unset = UNSET,
    priority: None | TaskPriority | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: str | Unset = "-created_at",
    include_deleted: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, TaskStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_priority: None | str | Unset
    if isinstance(priority, Unset):
        json_priority = UNSET
    elif isinstance(priority, TaskPriority):
        json_priority = priority.value
    else:
        json_priority = priority
    params["priority"] = json_priority

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    params["sort"] = sort

    params["include_deleted"] = include_deleted

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tasks",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageTaskPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageTaskPublic.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageTaskPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: None | TaskStatus | Unset = UNSET,
    priority: None | TaskPriority | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: str | Unset = "-created_at",
    include_deleted: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageTaskPublic | Problem]:
    """List the caller's tasks

     Filtered by status and priority, searched in the title (`q`), sorted by `sort` (a field,
    `-` first for descending; newest first by default). Deleted tasks only with
    `include_deleted=true`.

    Args:
        status (None | TaskStatus | Unset):
        priority (None | TaskPriority | Unset):
        q (None | str | Unset): Searches the title
        sort (str | Unset):  Default: '-created_at'.
        include_deleted (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageTaskPublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        priority=priority,
        q=q,
        sort=sort,
        include_deleted=include_deleted,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: None | TaskStatus | Unset = UNSET,
    priority: None | TaskPriority | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: str | Unset = "-created_at",
    include_deleted: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageTaskPublic | Problem | None:
    """List the caller's tasks

     Filtered by status and priority, searched in the title (`q`), sorted by `sort` (a field,
    `-` first for descending; newest first by default). Deleted tasks only with
    `include_deleted=true`.

    Args:
        status (None | TaskStatus | Unset):
        priority (None | TaskPriority | Unset):
        q (None | str | Unset): Searches the title
        sort (str | Unset):  Default: '-created_at'.
        include_deleted (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageTaskPublic | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        priority=priority,
        q=q,
        sort=sort,
        include_deleted=include_deleted,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: None | TaskStatus | Unset = UNSET,
    priority: None | TaskPriority | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: str | Unset = "-created_at",
    include_deleted: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageTaskPublic | Problem]:
    """List the caller's tasks

     Filtered by status and priority, searched in the title (`q`), sorted by `sort` (a field,
    `-` first for descending; newest first by default). Deleted tasks only with
    `include_deleted=true`.

    Args:
        status (None | TaskStatus | Unset):
        priority (None | TaskPriority | Unset):
        q (None | str | Unset): Searches the title
        sort (str | Unset):  Default: '-created_at'.
        include_deleted (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageTaskPublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        priority=priority,
        q=q,
        sort=sort,
        include_deleted=include_deleted,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: None | TaskStatus | Unset = UNSET,
    priority: None | TaskPriority | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: str | Unset = "-created_at",
    include_deleted: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageTaskPublic | Problem | None:
    """List the caller's tasks

     Filtered by status and priority, searched in the title (`q`), sorted by `sort` (a field,
    `-` first for descending; newest first by default). Deleted tasks only with
    `include_deleted=true`.

    Args:
        status (None | TaskStatus | Unset):
        priority (None | TaskPriority | Unset):
        q (None | str | Unset): Searches the title
        sort (str | Unset):  Default: '-created_at'.
        include_deleted (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageTaskPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            priority=priority,
            q=q,
            sort=sort,
            include_deleted=include_deleted,
            limit=limit,
            offset=offset,
        )
    ).parsed
