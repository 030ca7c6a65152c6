from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ocr_list_jobs_kind_type_0 import OcrListJobsKindType0
from ...models.ocr_list_jobs_status_type_0 import OcrListJobsStatusType0
from ...models.page_job_summary import PageJobSummary
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: None | OcrListJobsKindType0 | Unset = UNSET,
    status: None | OcrListJobsStatusType0 | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, OcrListJobsKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, OcrListJobsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/ocr/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageJobSummary | Problem | None:
    if response.status_code == 200:
        response_200 = PageJobSummary.from_dict(response.json())

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
) -> Response[PageJobSummary | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: None | OcrListJobsKindType0 | Unset = UNSET,
    status: None | OcrListJobsStatusType0 | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageJobSummary | Problem]:
    """List the caller's OCR jobs

     The caller's jobs, newest first, optionally of one `kind` (`menu`, `workout_sheet`) and
    one `status` (`queued`, `processing`, `succeeded`, `failed`, `cancelled`).

    Args:
        kind (None | OcrListJobsKindType0 | Unset):
        status (None | OcrListJobsStatusType0 | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageJobSummary | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
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
    kind: None | OcrListJobsKindType0 | Unset = UNSET,
    status: None | OcrListJobsStatusType0 | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageJobSummary | Problem | None:
    """List the caller's OCR jobs

     The caller's jobs, newest first, optionally of one `kind` (`menu`, `workout_sheet`) and
    one `status` (`queued`, `processing`, `succeeded`, `failed`, `cancelled`).

    Args:
        kind (None | OcrListJobsKindType0 | Unset):
        status (None | OcrListJobsStatusType0 | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageJobSummary | Problem
    """

    return sync_detailed(
        client=client,
        kind=kind,
        status=status,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: None | OcrListJobsKindType0 | Unset = UNSET,
    status: None | OcrListJobsStatusType0 | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> Response[PageJobSummary | Problem]:
    """List the caller's OCR jobs

     The caller's jobs, newest first, optionally of one `kind` (`menu`, `workout_sheet`) and
    one `status` (`queued`, `processing`, `succeeded`, `failed`, `cancelled`).

    Args:
        kind (None | OcrListJobsKindType0 | Unset):
        status (None | OcrListJobsStatusType0 | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageJobSummary | Problem]
    """

    kwargs = _get_kwargs(
        kind=kind,
        status=status,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: None | OcrListJobsKindType0 | Unset = UNSET,
    status: None | OcrListJobsStatusType0 | Unset = UNSET,
    limit: int | Unset = 20,
    offset: int | Unset = 0,
) -> PageJobSummary | Problem | None:
    """List the caller's OCR jobs

     The caller's jobs, newest first, optionally of one `kind` (`menu`, `workout_sheet`) and
    one `status` (`queued`, `processing`, `succeeded`, `failed`, `cancelled`).

    Args:
        kind (None | OcrListJobsKindType0 | Unset):
        status (None | OcrListJobsStatusType0 | Unset):
        limit (int | Unset):  Default: 20.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageJobSummary | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            status=status,
            limit=limit,
            offset=offset,
        )
    ).parsed
