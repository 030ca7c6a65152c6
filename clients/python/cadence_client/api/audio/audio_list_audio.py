from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_audio_item_public import PageAudioItemPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["sort"] = sort

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audio",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageAudioItemPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageAudioItemPublic.from_dict(response.json())

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
) -> Response[PageAudioItemPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageAudioItemPublic | Problem]:
    """The caller's samples

     Every sample of the caller, newest first unless `sort` says otherwise.

    Args:
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAudioItemPublic | Problem]
    """

    kwargs = _get_kwargs(
        sort=sort,
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
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageAudioItemPublic | Problem | None:
    """The caller's samples

     Every sample of the caller, newest first unless `sort` says otherwise.

    Args:
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAudioItemPublic | Problem
    """

    return sync_detailed(
        client=client,
        sort=sort,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageAudioItemPublic | Problem]:
    """The caller's samples

     Every sample of the caller, newest first unless `sort` says otherwise.

    Args:
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageAudioItemPublic | Problem]
    """

    kwargs = _get_kwargs(
        sort=sort,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    sort: str | Unset = "-created_at",
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageAudioItemPublic | Problem | None:
    """The caller's samples

     Every sample of the caller, newest first unless `sort` says otherwise.

    Args:
        sort (str | Unset): One of created_at, updated_at, title, bpm, duration_s, loudness_lufs;
            '-' for descending Default: '-created_at'.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageAudioItemPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    ).parsed
