from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.similar_item import SimilarItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    item_id: UUID,
    *,
    limit: int | Unset = 10,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audio/{item_id}/similar".format(
            item_id=quote(str(item_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[SimilarItem] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = SimilarItem.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Problem | list[SimilarItem]]:
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
    limit: int | Unset = 10,
) -> Response[Problem | list[SimilarItem]]:
    """The caller's samples nearest to this one

     Nearest first by the feature vector (tempo, key on the circle of fifths, loudness,
    spectral shape, onset density, MFCC means), from a KNN index in Postgres.

    Args:
        item_id (UUID):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[SimilarItem]]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
) -> Problem | list[SimilarItem] | None:
    """The caller's samples nearest to this one

     Nearest first by the feature vector (tempo, key on the circle of fifths, loudness,
    spectral shape, onset density, MFCC means), from a KNN index in Postgres.

    Args:
        item_id (UUID):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[SimilarItem]
    """

    return sync_detailed(
        item_id=item_id,
        client=client,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
) -> Response[Problem | list[SimilarItem]]:
    """The caller's samples nearest to this one

     Nearest first by the feature vector (tempo, key on the circle of fifths, loudness,
    spectral shape, onset density, MFCC means), from a KNN index in Postgres.

    Args:
        item_id (UUID):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[SimilarItem]]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    item_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
) -> Problem | list[SimilarItem] | None:
    """The caller's samples nearest to this one

     Nearest first by the feature vector (tempo, key on the circle of fifths, loudness,
    spectral shape, onset density, MFCC means), from a KNN index in Postgres.

    Args:
        item_id (UUID):
        limit (int | Unset):  Default: 10.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[SimilarItem]
    """

    return (
        await asyncio_detailed(
            item_id=item_id,
            client=client,
            limit=limit,
        )
    ).parsed
