import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.adherence_series import AdherenceSeries
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/progress/adherence",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdherenceSeries | Problem | None:
    if response.status_code == 200:
        response_200 = AdherenceSeries.from_dict(response.json())

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
) -> Response[AdherenceSeries | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> Response[AdherenceSeries | Problem]:
    """Diet adherence over a range of days

     Every day of the range (`from`, `to`: inclusive days) with its logged macros, its targets (the sum
    of the plan active for its weekday) and the day view's adherence = 100 - the average over kcal,
    protein, carbs and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2
    decimals. A macro whose target is 0 is left out; no plan for the day (or every target 0) gives null.
    A macro with nothing logged counts as 0 logged, so a planned day with nothing logged is 0. `average`
    is the mean over the days that have an adherence. Units: kcal, and g for protein, carbs and fat.

    Args:
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdherenceSeries | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> AdherenceSeries | Problem | None:
    """Diet adherence over a range of days

     Every day of the range (`from`, `to`: inclusive days) with its logged macros, its targets (the sum
    of the plan active for its weekday) and the day view's adherence = 100 - the average over kcal,
    protein, carbs and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2
    decimals. A macro whose target is 0 is left out; no plan for the day (or every target 0) gives null.
    A macro with nothing logged counts as 0 logged, so a planned day with nothing logged is 0. `average`
    is the mean over the days that have an adherence. Units: kcal, and g for protein, carbs and fat.

    Args:
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdherenceSeries | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> Response[AdherenceSeries | Problem]:
    """Diet adherence over a range of days

     Every day of the range (`from`, `to`: inclusive days) with its logged macros, its targets (the sum
    of the plan active for its weekday) and the day view's adherence = 100 - the average over kcal,
    protein, carbs and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2
    decimals. A macro whose target is 0 is left out; no plan for the day (or every target 0) gives null.
    A macro with nothing logged counts as 0 logged, so a planned day with nothing logged is 0. `average`
    is the mean over the days that have an adherence. Units: kcal, and g for protein, carbs and fat.

    Args:
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdherenceSeries | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
) -> AdherenceSeries | Problem | None:
    """Diet adherence over a range of days

     Every day of the range (`from`, `to`: inclusive days) with its logged macros, its targets (the sum
    of the plan active for its weekday) and the day view's adherence = 100 - the average over kcal,
    protein, carbs and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2
    decimals. A macro whose target is 0 is left out; no plan for the day (or every target 0) gives null.
    A macro with nothing logged counts as 0 logged, so a planned day with nothing logged is 0. `average`
    is the mean over the days that have an adherence. Units: kcal, and g for protein, carbs and fat.

    Args:
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdherenceSeries | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
