from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.track_list import TrackList
from ...models.track_register import TrackRegister
from ...types import Response


def _get_kwargs(
    *,
    body: TrackRegister,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/tracks/register",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TrackList | None:
    if response.status_code == 200:
        response_200 = TrackList.from_dict(response.json())

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
) -> Response[Problem | TrackList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TrackRegister,
) -> Response[Problem | TrackList]:
    """Register tracks in the shared catalog

     Records the caller's claims on the tracks of the body (title, artist, album, tempo, by
    Apple Music id), adding the tracks the shared catalog does not have yet; answers them all as
    the caller sees them. What other users see is derived from every user's claims: the values
    most users agree on, the first claim on a tie, an analysis before any client's tempo; a
    caller's own tempo claim is what the caller sees.

    Args:
        body (TrackRegister):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackList]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TrackRegister,
) -> Problem | TrackList | None:
    """Register tracks in the shared catalog

     Records the caller's claims on the tracks of the body (title, artist, album, tempo, by
    Apple Music id), adding the tracks the shared catalog does not have yet; answers them all as
    the caller sees them. What other users see is derived from every user's claims: the values
    most users agree on, the first claim on a tie, an analysis before any client's tempo; a
    caller's own tempo claim is what the caller sees.

    Args:
        body (TrackRegister):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackList
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TrackRegister,
) -> Response[Problem | TrackList]:
    """Register tracks in the shared catalog

     Records the caller's claims on the tracks of the body (title, artist, album, tempo, by
    Apple Music id), adding the tracks the shared catalog does not have yet; answers them all as
    the caller sees them. What other users see is derived from every user's claims: the values
    most users agree on, the first claim on a tie, an analysis before any client's tempo; a
    caller's own tempo claim is what the caller sees.

    Args:
        body (TrackRegister):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrackList]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TrackRegister,
) -> Problem | TrackList | None:
    """Register tracks in the shared catalog

     Records the caller's claims on the tracks of the body (title, artist, album, tempo, by
    Apple Music id), adding the tracks the shared catalog does not have yet; answers them all as
    the caller sees them. What other users see is derived from every user's claims: the values
    most users agree on, the first claim on a tie, an analysis before any client's tempo; a
    caller's own tempo claim is what the caller sees.

    Args:
        body (TrackRegister):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrackList
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
