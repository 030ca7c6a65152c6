from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.food_log_create import FoodLogCreate
from ...models.food_log_public import FoodLogPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: FoodLogCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/food-logs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FoodLogPublic | Problem | None:
    if response.status_code == 200:
        response_200 = FoodLogPublic.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = FoodLogPublic.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[FoodLogPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: FoodLogCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[FoodLogPublic | Problem]:
    """Log food eaten

     201 for a new entry; 200 when a planned entry's quantity was replaced or an entry's
    client id was sent again. ``Idempotency-Key`` replays the first response.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (FoodLogCreate): A planned entry is an upsert keyed by (date, meal, food): logging
            the same planned food
            again for that meal and day replaces its quantity. An ad-hoc entry is always a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoodLogPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: FoodLogCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> FoodLogPublic | Problem | None:
    """Log food eaten

     201 for a new entry; 200 when a planned entry's quantity was replaced or an entry's
    client id was sent again. ``Idempotency-Key`` replays the first response.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (FoodLogCreate): A planned entry is an upsert keyed by (date, meal, food): logging
            the same planned food
            again for that meal and day replaces its quantity. An ad-hoc entry is always a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoodLogPublic | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: FoodLogCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[FoodLogPublic | Problem]:
    """Log food eaten

     201 for a new entry; 200 when a planned entry's quantity was replaced or an entry's
    client id was sent again. ``Idempotency-Key`` replays the first response.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (FoodLogCreate): A planned entry is an upsert keyed by (date, meal, food): logging
            the same planned food
            again for that meal and day replaces its quantity. An ad-hoc entry is always a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoodLogPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: FoodLogCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> FoodLogPublic | Problem | None:
    """Log food eaten

     201 for a new entry; 200 when a planned entry's quantity was replaced or an entry's
    client id was sent again. ``Idempotency-Key`` replays the first response.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (FoodLogCreate): A planned entry is an upsert keyed by (date, meal, food): logging
            the same planned food
            again for that meal and day replaces its quantity. An ad-hoc entry is always a new one.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoodLogPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
