from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_track_public import PageTrackPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
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

    json_bpm_min: float | None | Unset
    if isinstance(bpm_min, Unset):
        json_bpm_min = UNSET
    else:
        json_bpm_min = bpm_min
    params["bpm_min"] = json_bpm_min

    json_bpm_max: float | None | Unset
    if isinstance(bpm_max, Unset):
        json_bpm_max = UNSET
    else:
        json_bpm_max = bpm_max
    params["bpm_max"] = json_bpm_max

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tracks",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageTrackPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageTrackPublic.from_dict(response.json())

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
) -> Response[PageTrackPublic | Problem]:
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
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageTrackPublic | Problem]:
    """Search the catalog

     Tracks whose title, artist or album contain `q`, optionally within a tempo range
    (`bpm_min`..`bpm_max`).

    Args:
        q (None | str | Unset): In title, artist, album
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageTrackPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
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
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageTrackPublic | Problem | None:
    """Search the catalog

     Tracks whose title, artist or album contain `q`, optionally within a tempo range
    (`bpm_min`..`bpm_max`).

    Args:
        q (None | str | Unset): In title, artist, album
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageTrackPublic | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageTrackPublic | Problem]:
    """Search the catalog

     Tracks whose title, artist or album contain `q`, optionally within a tempo range
    (`bpm_min`..`bpm_max`).

    Args:
        q (None | str | Unset): In title, artist, album
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageTrackPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    bpm_min: float | None | Unset = UNSET,
    bpm_max: float | None | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageTrackPublic | Problem | None:
    """Search the catalog

     Tracks whose title, artist or album contain `q`, optionally within a tempo range
    (`bpm_min`..`bpm_max`).

    Args:
        q (None | str | Unset): In title, artist, album
        bpm_min (float | None | Unset):
        bpm_max (float | None | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageTrackPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            bpm_min=bpm_min,
            bpm_max=bpm_max,
            limit=limit,
            offset=offset,
        )
    ).parsed
