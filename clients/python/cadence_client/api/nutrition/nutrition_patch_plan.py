from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.diet_plan_patch import DietPlanPatch
from ...models.diet_plan_public import DietPlanPublic
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    plan_id: UUID,
    *,
    body: DietPlanPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/diet-plans/{plan_id}".format(
            plan_id=quote(str(plan_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DietPlanPublic | Problem | None:
    if response.status_code == 200:
        response_200 = DietPlanPublic.from_dict(response.json())

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
) -> Response[DietPlanPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    plan_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DietPlanPatch,
) -> Response[DietPlanPublic | Problem]:
    """Change a diet plan

     Only the fields in the body change (`meals` replaces every meal); activating it where
    another active plan covers a weekday is a 409 `diet_plan_overlap`.

    Args:
        plan_id (UUID):
        body (DietPlanPatch): Only the fields given change; ``meals``, when given, replaces every
            meal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DietPlanPublic | Problem]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    plan_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DietPlanPatch,
) -> DietPlanPublic | Problem | None:
    """Change a diet plan

     Only the fields in the body change (`meals` replaces every meal); activating it where
    another active plan covers a weekday is a 409 `diet_plan_overlap`.

    Args:
        plan_id (UUID):
        body (DietPlanPatch): Only the fields given change; ``meals``, when given, replaces every
            meal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DietPlanPublic | Problem
    """

    return sync_detailed(
        plan_id=plan_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    plan_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DietPlanPatch,
) -> Response[DietPlanPublic | Problem]:
    """Change a diet plan

     Only the fields in the body change (`meals` replaces every meal); activating it where
    another active plan covers a weekday is a 409 `diet_plan_overlap`.

    Args:
        plan_id (UUID):
        body (DietPlanPatch): Only the fields given change; ``meals``, when given, replaces every
            meal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DietPlanPublic | Problem]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    plan_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DietPlanPatch,
) -> DietPlanPublic | Problem | None:
    """Change a diet plan

     Only the fields in the body change (`meals` replaces every meal); activating it where
    another active plan covers a weekday is a 409 `diet_plan_overlap`.

    Args:
        plan_id (UUID):
        body (DietPlanPatch): Only the fields given change; ``meals``, when given, replaces every
            meal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DietPlanPublic | Problem
    """

    return (
        await asyncio_detailed(
            plan_id=plan_id,
            client=client,
            body=body,
        )
    ).parsed
