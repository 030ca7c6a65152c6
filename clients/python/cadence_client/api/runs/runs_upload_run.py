from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.run_create import RunCreate
from ...models.run_public import RunPublic
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: RunCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/runs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RunPublic | None:
    if response.status_code == 200:
        response_200 = RunPublic.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = RunPublic.from_dict(response.json())

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
) -> Response[Problem | RunPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RunCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RunPublic]:
    """Upload a finished run

     Uploads a finished run. Safe to retry: by the run's own id and by Idempotency-Key (a
    replayed key answers the first response again, with ``Idempotent-Replayed: true``).

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (RunCreate): A finished run as the watch or phone uploads it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunPublic]
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
    body: RunCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RunPublic | None:
    """Upload a finished run

     Uploads a finished run. Safe to retry: by the run's own id and by Idempotency-Key (a
    replayed key answers the first response again, with ``Idempotent-Replayed: true``).

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (RunCreate): A finished run as the watch or phone uploads it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunPublic
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RunCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RunPublic]:
    """Upload a finished run

     Uploads a finished run. Safe to retry: by the run's own id and by Idempotency-Key (a
    replayed key answers the first response again, with ``Idempotent-Replayed: true``).

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (RunCreate): A finished run as the watch or phone uploads it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunPublic]
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
    body: RunCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RunPublic | None:
    """Upload a finished run

     Uploads a finished run. Safe to retry: by the run's own id and by Idempotency-Key (a
    replayed key answers the first response again, with ``Idempotent-Replayed: true``).

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (RunCreate): A finished run as the watch or phone uploads it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunPublic
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
