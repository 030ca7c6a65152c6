from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.food_public import FoodPublic
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    food_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/foods/{food_id}".format(
            food_id=quote(str(food_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FoodPublic | Problem | None:
    if response.status_code == 200:
        response_200 = FoodPublic.from_dict(response.json())

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
) -> Response[FoodPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    food_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[FoodPublic | Problem]:
    """Read a food

     One food of the caller's catalog.

    Args:
        food_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoodPublic | Problem]
    """

    kwargs = _get_kwargs(
        food_id=food_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    food_id: UUID,
    *,
    client: AuthenticatedClient,
) -> FoodPublic | Problem | None:
    """Read a food

     One food of the caller's catalog.

    Args:
        food_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoodPublic | Problem
    """

    return sync_detailed(
        food_id=food_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    food_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[FoodPublic | Problem]:
    """Read a food

     One food of the caller's catalog.

    Args:
        food_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoodPublic | Problem]
    """

    kwargs = _get_kwargs(
        food_id=food_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    food_id: UUID,
    *,
    client: AuthenticatedClient,
) -> FoodPublic | Problem | None:
    """Read a food

     One food of the caller's catalog.

    Args:
        food_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoodPublic | Problem
    """

    return (
        await asyncio_detailed(
            food_id=food_id,
            client=client,
        )
    ).parsed
