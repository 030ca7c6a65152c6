import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.day_diet import DayDiet
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    day: datetime.date,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/days/{day}/diet".format(
            day=quote(str(day), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DayDiet | Problem | None:
    if response.status_code == 200:
        response_200 = DayDiet.from_dict(response.json())

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
) -> Response[DayDiet | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    day: datetime.date,
    *,
    client: AuthenticatedClient,
) -> Response[DayDiet | Problem]:
    """One day's diet: plan, log, totals, adherence

     The active plan's meals for the day's weekday, what was logged (planned and ad hoc), totals, targets
    (the plan's sum; null without a plan) and adherence = 100 - the average over kcal, protein, carbs
    and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2 decimals. A macro
    whose target is 0 is left out; no plan for the day (or every target 0) gives null. A macro with
    nothing logged counts as 0 logged, so a planned day with nothing logged is 0. Drafts (from OCR, not
    yet confirmed) are listed apart and count in no total. Units: kcal, and g for protein, carbs, fat,
    fibre and sugar, mg for sodium.

    Args:
        day (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DayDiet | Problem]
    """

    kwargs = _get_kwargs(
        day=day,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    day: datetime.date,
    *,
    client: AuthenticatedClient,
) -> DayDiet | Problem | None:
    """One day's diet: plan, log, totals, adherence

     The active plan's meals for the day's weekday, what was logged (planned and ad hoc), totals, targets
    (the plan's sum; null without a plan) and adherence = 100 - the average over kcal, protein, carbs
    and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2 decimals. A macro
    whose target is 0 is left out; no plan for the day (or every target 0) gives null. A macro with
    nothing logged counts as 0 logged, so a planned day with nothing logged is 0. Drafts (from OCR, not
    yet confirmed) are listed apart and count in no total. Units: kcal, and g for protein, carbs, fat,
    fibre and sugar, mg for sodium.

    Args:
        day (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DayDiet | Problem
    """

    return sync_detailed(
        day=day,
        client=client,
    ).parsed


async def asyncio_detailed(
    day: datetime.date,
    *,
    client: AuthenticatedClient,
) -> Response[DayDiet | Problem]:
    """One day's diet: plan, log, totals, adherence

     The active plan's meals for the day's weekday, what was logged (planned and ad hoc), totals, targets
    (the plan's sum; null without a plan) and adherence = 100 - the average over kcal, protein, carbs
    and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2 decimals. A macro
    whose target is 0 is left out; no plan for the day (or every target 0) gives null. A macro with
    nothing logged counts as 0 logged, so a planned day with nothing logged is 0. Drafts (from OCR, not
    yet confirmed) are listed apart and count in no total. Units: kcal, and g for protein, carbs, fat,
    fibre and sugar, mg for sodium.

    Args:
        day (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DayDiet | Problem]
    """

    kwargs = _get_kwargs(
        day=day,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    day: datetime.date,
    *,
    client: AuthenticatedClient,
) -> DayDiet | Problem | None:
    """One day's diet: plan, log, totals, adherence

     The active plan's meals for the day's weekday, what was logged (planned and ad hoc), totals, targets
    (the plan's sum; null without a plan) and adherence = 100 - the average over kcal, protein, carbs
    and fat of |logged - target| / target * 100, clamped to 0-100 and rounded to 2 decimals. A macro
    whose target is 0 is left out; no plan for the day (or every target 0) gives null. A macro with
    nothing logged counts as 0 logged, so a planned day with nothing logged is 0. Drafts (from OCR, not
    yet confirmed) are listed apart and count in no total. Units: kcal, and g for protein, carbs, fat,
    fibre and sugar, mg for sodium.

    Args:
        day (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DayDiet | Problem
    """

    return (
        await asyncio_detailed(
            day=day,
            client=client,
        )
    ).parsed
