from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.track_matches import TrackMatches
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cadence: float,
    tolerance: float | Unset = 4.0,
    playlist_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cadence"] = cadence

    params["tolerance"] = tolerance

    json_playlist_id: None | str | Unset
    if isinstance(playlist_id, Unset):
        json_playlist_id = UNSET
    elif isinstance(playlist_id, UUID):
        json_playlist_id = str(playlist_id)
    else:
        json_playlist_id = playlist_id
    params["playlist_id"] = json_playlist_id

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tracks/match",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TrackMatches | None:
    if response.status_code == 200:
        response_200 = TrackMatches.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Problem | TrackMatches]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cadence: float,
    tolerance: float | Unset = 4.0,
    playlist_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
) -> Response[Problem | TrackMatches]:
    """Tracks that match a running cadence

     Tracks whose tempo, or its half or double (`factor`), is within `tolerance` BPM of `cadence`
    steps per minute, closest first (`distance`); only the tracks of `playlist_id` when given.
    The tempo is the one the caller sees (the caller's own claim where the caller made one).

    Args:
        cadence (float): Steps per minute, 1 to 400
        tolerance (float | Unset): In BPM, inclusive Default: 4.0.
        playlist_id (None | Unset | UUID):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackMatches]
    """

    kwargs = _get_kwargs(
        cadence=cadence,
        tolerance=tolerance,
        playlist_id=playlist_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cadence: float,
    tolerance: float | Unset = 4.0,
    playlist_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
) -> Problem | TrackMatches | None:
    """Tracks that match a running cadence

     Tracks whose tempo, or its half or double (`factor`), is within `tolerance` BPM of `cadence`
    steps per minute, closest first (`distance`); only the tracks of `playlist_id` when given.
    The tempo is the one the caller sees (the caller's own claim where the caller made one).

    Args:
        cadence (float): Steps per minute, 1 to 400
        tolerance (float | Unset): In BPM, inclusive Default: 4.0.
        playlist_id (None | Unset | UUID):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackMatches
    """

    return sync_detailed(
        client=client,
        cadence=cadence,
        tolerance=tolerance,
        playlist_id=playlist_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cadence: float,
    tolerance: float | Unset = 4.0,
    playlist_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
) -> Response[Problem | TrackMatches]:
    """Tracks that match a running cadence

     Tracks whose tempo, or its half or double (`factor`), is within `tolerance` BPM of `cadence`
    steps per minute, closest first (`distance`); only the tracks of `playlist_id` when given.
    The tempo is the one the caller sees (the caller's own claim where the caller made one).

    Args:
        cadence (float): Steps per minute, 1 to 400
        tolerance (float | Unset): In BPM, inclusive Default: 4.0.
        playlist_id (None | Unset | UUID):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackMatches]
    """

    kwargs = _get_kwargs(
        cadence=cadence,
        tolerance=tolerance,
        playlist_id=playlist_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cadence: float,
    tolerance: float | Unset = 4.0,
    playlist_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
) -> Problem | TrackMatches | None:
    """Tracks that match a running cadence

     Tracks whose tempo, or its half or double (`factor`), is within `tolerance` BPM of `cadence`
    steps per minute, closest first (`distance`); only the tracks of `playlist_id` when given.
    The tempo is the one the caller sees (the caller's own claim where the caller made one).

    Args:
        cadence (float): Steps per minute, 1 to 400
        tolerance (float | Unset): In BPM, inclusive Default: 4.0.
        playlist_id (None | Unset | UUID):
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackMatches
    """

    return (
        await asyncio_detailed(
            client=client,
            cadence=cadence,
            tolerance=tolerance,
            playlist_id=playlist_id,
            limit=limit,
        )
    ).parsed
