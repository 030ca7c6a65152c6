from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.waveform import Waveform
from ...types import UNSET, Response, Unset


def _get_kwargs(
    item_id: UUID,
    *,
    points: int | Unset = 1000,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["points"] = points

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audio/{item_id}/waveform".format(
            item_id=quote(str(item_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Waveform | None:
    if response.status_code == 200:
        response_200 = Waveform.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[Problem | Waveform]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    points: int | Unset = 1000,
) -> Response[Problem | Waveform]:
    """Peaks for drawing the waveform

     The (min, max) of the signal in `points` equal buckets, from -1 to 1.

    Args:
        item_id (UUID):
        points (int | Unset): Buckets (at most 4,000) Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Waveform]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        points=points,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    points: int | Unset = 1000,
) -> Problem | Waveform | None:
    """Peaks for drawing the waveform

     The (min, max) of the signal in `points` equal buckets, from -1 to 1.

    Args:
        item_id (UUID):
        points (int | Unset): Buckets (at most 4,000) Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Waveform
    """

    return sync_detailed(
        item_id=item_id,
        client=client,
        points=points,
    ).parsed


async def asyncio_detailed(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    points: int | Unset = 1000,
) -> Response[Problem | Waveform]:
    """Peaks for drawing the waveform

     The (min, max) of the signal in `points` equal buckets, from -1 to 1.

    Args:
        item_id (UUID):
        points (int | Unset): Buckets (at most 4,000) Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Waveform]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        points=points,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    points: int | Unset = 1000,
) -> Problem | Waveform | None:
    """Peaks for drawing the waveform

     The (min, max) of the signal in `points` equal buckets, from -1 to 1.

    Args:
        item_id (UUID):
        points (int | Unset): Buckets (at most 4,000) Default: 1000.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Waveform
    """

    return (
        await asyncio_detailed(
            item_id=item_id,
            client=client,
            points=points,
        )
    ).parsed
