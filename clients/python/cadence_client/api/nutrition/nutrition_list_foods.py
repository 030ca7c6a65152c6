from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entry_status import EntryStatus
from ...models.page_food_public import PageFoodPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    status: EntryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/foods",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageFoodPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageFoodPublic.from_dict(response.json())

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
) -> Response[PageFoodPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: EntryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageFoodPublic | Problem]:
    """List or search the caller's foods

     Confirmed foods by default (`status=draft` lists those an OCR job drafted), searched by
    name and brand with `q`.

    Args:
        q (None | str | Unset): Searches name and brand (contains, any case); results by
            relevance: the exact name first, then names starting with it, then by trigram similarity
            of name or brand, then by name
        status (EntryStatus | Unset): A food, food log or workout session made from an OCR result
            is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageFoodPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        status=status,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: EntryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageFoodPublic | Problem | None:
    """List or search the caller's foods

     Confirmed foods by default (`status=draft` lists those an OCR job drafted), searched by
    name and brand with `q`.

    Args:
        q (None | str | Unset): Searches name and brand (contains, any case); results by
            relevance: the exact name first, then names starting with it, then by trigram similarity
            of name or brand, then by name
        status (EntryStatus | Unset): A food, food log or workout session made from an OCR result
            is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageFoodPublic | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        status=status,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: EntryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageFoodPublic | Problem]:
    """List or search the caller's foods

     Confirmed foods by default (`status=draft` lists those an OCR job drafted), searched by
    name and brand with `q`.

    Args:
        q (None | str | Unset): Searches name and brand (contains, any case); results by
            relevance: the exact name first, then names starting with it, then by trigram similarity
            of name or brand, then by name
        status (EntryStatus | Unset): A food, food log or workout session made from an OCR result
            is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageFoodPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        status=status,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    status: EntryStatus | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageFoodPublic | Problem | None:
    """List or search the caller's foods

     Confirmed foods by default (`status=draft` lists those an OCR job drafted), searched by
    name and brand with `q`.

    Args:
        q (None | str | Unset): Searches name and brand (contains, any case); results by
            relevance: the exact name first, then names starting with it, then by trigram similarity
            of name or brand, then by name
        status (EntryStatus | Unset): A food, food log or workout session made from an OCR result
            is a ``draft`` until the user
            confirms it; drafts count in no total, series or record.
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageFoodPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            status=status,
            limit=limit,
            offset=offset,
        )
    ).parsed
