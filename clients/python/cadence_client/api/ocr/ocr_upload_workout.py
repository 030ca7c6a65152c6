from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.job_public import JobPublic
from ...models.ocr_upload_workout_body import OcrUploadWorkoutBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: OcrUploadWorkoutBody,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/ocr/workout",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> JobPublic | Problem | None:
    if response.status_code == 202:
        response_202 = JobPublic.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[JobPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OcrUploadWorkoutBody,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[JobPublic | Problem]:
    """Read a workout sheet's photo

     Takes a photo of a workout sheet (multipart `file`, as for a menu; optional `language`
    and `date`) and answers 202 with the job `queued`. Once it succeeds, fitness holds a draft
    workout session of it (`/api/v1/ocr-drafts`). At most 10 jobs per user per hour.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (OcrUploadWorkoutBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPublic | Problem]
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
    body: OcrUploadWorkoutBody,
    idempotency_key: None | str | Unset = UNSET,
) -> JobPublic | Problem | None:
    """Read a workout sheet's photo

     Takes a photo of a workout sheet (multipart `file`, as for a menu; optional `language`
    and `date`) and answers 202 with the job `queued`. Once it succeeds, fitness holds a draft
    workout session of it (`/api/v1/ocr-drafts`). At most 10 jobs per user per hour.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (OcrUploadWorkoutBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPublic | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OcrUploadWorkoutBody,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[JobPublic | Problem]:
    """Read a workout sheet's photo

     Takes a photo of a workout sheet (multipart `file`, as for a menu; optional `language`
    and `date`) and answers 202 with the job `queued`. Once it succeeds, fitness holds a draft
    workout session of it (`/api/v1/ocr-drafts`). At most 10 jobs per user per hour.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (OcrUploadWorkoutBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPublic | Problem]
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
    body: OcrUploadWorkoutBody,
    idempotency_key: None | str | Unset = UNSET,
) -> JobPublic | Problem | None:
    """Read a workout sheet's photo

     Takes a photo of a workout sheet (multipart `file`, as for a menu; optional `language`
    and `date`) and answers 202 with the job `queued`. Once it succeeds, fitness holds a draft
    workout session of it (`/api/v1/ocr-drafts`). At most 10 jobs per user per hour.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (OcrUploadWorkoutBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
