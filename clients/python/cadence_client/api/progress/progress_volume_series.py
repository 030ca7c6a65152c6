import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.period_kind import PeriodKind
from ...models.problem import Problem
from ...models.volume_series import VolumeSeries
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    group: PeriodKind | Unset = UNSET,
    tz: None | str | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_group: str | Unset = UNSET
    if not isinstance(group, Unset):
        json_group = group.value

    params["group"] = json_group

    json_tz: None | str | Unset
    if isinstance(tz, Unset):
        json_tz = UNSET
    else:
        json_tz = tz
    params["tz"] = json_tz

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/progress/volume",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VolumeSeries | None:
    if response.status_code == 200:
        response_200 = VolumeSeries.from_dict(response.json())

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
) -> Response[Problem | VolumeSeries]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    group: PeriodKind | Unset = UNSET,
    tz: None | str | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,
) -> Response[Problem | VolumeSeries]:
    """Training volume per week or month

     Per ISO week or calendar month in ``tz`` (UTC if none): strength volume (kg) and sets
    from confirmed sessions, cardio minutes and distance (km) from finished runs. Every period
    of the range is listed, empty ones with zeros.

    Args:
        group (PeriodKind | Unset):
        tz (None | str | Unset): IANA time zone the days, weeks and months are cut in, e.g.
            Europe/Paris; UTC when absent. An unknown name is a 422 unknown_time_zone.
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VolumeSeries]
    """

    kwargs = _get_kwargs(
        group=group,
        tz=tz,
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
    group: PeriodKind | Unset = UNSET,
    tz: None | str | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,
) -> Problem | VolumeSeries | None:
    """Training volume per week or month

     Per ISO week or calendar month in ``tz`` (UTC if none): strength volume (kg) and sets
    from confirmed sessions, cardio minutes and distance (km) from finished runs. Every period
    of the range is listed, empty ones with zeros.

    Args:
        group (PeriodKind | Unset):
        tz (None | str | Unset): IANA time zone the days, weeks and months are cut in, e.g.
            Europe/Paris; UTC when absent. An unknown name is a 422 unknown_time_zone.
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VolumeSeries
    """

    return sync_detailed(
        client=client,
        group=group,
        tz=tz,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    group: PeriodKind | Unset = UNSET,
    tz: None | str | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,
) -> Response[Problem | VolumeSeries]:
    """Training volume per week or month

     Per ISO week or calendar month in ``tz`` (UTC if none): strength volume (kg) and sets
    from confirmed sessions, cardio minutes and distance (km) from finished runs. Every period
    of the range is listed, empty ones with zeros.

    Args:
        group (PeriodKind | Unset):
        tz (None | str | Unset): IANA time zone the days, weeks and months are cut in, e.g.
            Europe/Paris; UTC when absent. An unknown name is a 422 unknown_time_zone.
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VolumeSeries]
    """

    kwargs = _get_kwargs(
        group=group,
        tz=tz,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    group: PeriodKind | Unset = UNSET,
    tz: None | str | Unset = UNSET,
    from_: datetime.date,
    to: datetime.date,
) -> Problem | VolumeSeries | None:
    """Training volume per week or month

     Per ISO week or calendar month in ``tz`` (UTC if none): strength volume (kg) and sets
    from confirmed sessions, cardio minutes and distance (km) from finished runs. Every period
    of the range is listed, empty ones with zeros.

    Args:
        group (PeriodKind | Unset):
        tz (None | str | Unset): IANA time zone the days, weeks and months are cut in, e.g.
            Europe/Paris; UTC when absent. An unknown name is a 422 unknown_time_zone.
        from_ (datetime.date): First day, inclusive
        to (datetime.date): Last day, inclusive

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VolumeSeries
    """

    return (
        await asyncio_detailed(
            client=client,
            group=group,
            tz=tz,
            from_=from_,
            to=to,
        )
    ).parsed
