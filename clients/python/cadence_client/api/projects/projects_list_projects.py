from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_project_public import PageProjectPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    all_: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    params["all"] = all_

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/projects",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageProjectPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageProjectPublic.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[PageProjectPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    all_: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageProjectPublic | Problem]:
    """List or search projects

     The caller's projects, newest first, searched by name and description with `q`;
    `all=true` lists every user's (admin role only).

    Args:
        q (None | str | Unset): Searches name and description
        all_ (bool | Unset): Every user's projects (admin role only) Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProjectPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        all_=all_,
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
    q: None | str | Unset = UNSET,
    all_: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageProjectPublic | Problem | None:
    """List or search projects

     The caller's projects, newest first, searched by name and description with `q`;
    `all=true` lists every user's (admin role only).

    Args:
        q (None | str | Unset): Searches name and description
        all_ (bool | Unset): Every user's projects (admin role only) Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProjectPublic | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        all_=all_,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    all_: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageProjectPublic | Problem]:
    """List or search projects

     The caller's projects, newest first, searched by name and description with `q`;
    `all=true` lists every user's (admin role only).

    Args:
        q (None | str | Unset): Searches name and description
        all_ (bool | Unset): Every user's projects (admin role only) Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProjectPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        all_=all_,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    all_: bool | Unset = False,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageProjectPublic | Problem | None:
    """List or search projects

     The caller's projects, newest first, searched by name and description with `q`;
    `all=true` lists every user's (admin role only).

    Args:
        q (None | str | Unset): Searches name and description
        all_ (bool | Unset): Every user's projects (admin role only) Default: False.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProjectPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            all_=all_,
            limit=limit,
            offset=offset,
        )
    ).parsed
