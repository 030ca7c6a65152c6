from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.body_metric_public import BodyMetricPublic
from ...models.body_metric_write import BodyMetricWrite
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: BodyMetricWrite,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/body-metrics",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BodyMetricPublic | Problem | None:
    if response.status_code == 200:
        response_200 = BodyMetricPublic.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = BodyMetricPublic.from_dict(response.json())

        return response_201

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
) -> Response[BodyMetricPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BodyMetricWrite,
) -> Response[BodyMetricPublic | Problem]:
    """Record the body metrics of a day

     Upsert by ``date``: 201 for a new date, 200 when that date's record was replaced.

    Args:
        body (BodyMetricWrite): One day's measurements: upserted by ``date`` (every field is
            replaced).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BodyMetricPublic | Problem]
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
    body: BodyMetricWrite,
) -> BodyMetricPublic | Problem | None:
    """Record the body metrics of a day

     Upsert by ``date``: 201 for a new date, 200 when that date's record was replaced.

    Args:
        body (BodyMetricWrite): One day's measurements: upserted by ``date`` (every field is
            replaced).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BodyMetricPublic | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BodyMetricWrite,
) -> Response[BodyMetricPublic | Problem]:
    """Record the body metrics of a day

     Upsert by ``date``: 201 for a new date, 200 when that date's record was replaced.

    Args:
        body (BodyMetricWrite): One day's measurements: upserted by ``date`` (every field is
            replaced).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BodyMetricPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BodyMetricWrite,
) -> BodyMetricPublic | Problem | None:
    """Record the body metrics of a day

     Upsert by ``date``: 201 for a new date, 200 when that date's record was replaced.

    Args:
        body (BodyMetricWrite): One day's measurements: upserted by ``date`` (every field is
            replaced).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BodyMetricPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
