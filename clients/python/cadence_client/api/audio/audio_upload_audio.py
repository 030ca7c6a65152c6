from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audio_item_public import AudioItemPublic
from ...models.audio_upload_audio_body import AudioUploadAudioBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: AudioUploadAudioBody,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/audio",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AudioItemPublic | Problem | None:
    if response.status_code == 202:
        response_202 = AudioItemPublic.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AudioItemPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AudioUploadAudioBody,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[AudioItemPublic | Problem]:
    """Upload a sample (queued for analysis)

     Streams a WAV, AIFF, FLAC, OGG or MP3 file (up to 100 MiB, judged by its bytes) into
    storage and answers 202 with the item `queued` and its `Location`; the analysis runs in a
    worker (follow it on `/api/v1/live`). The same bytes uploaded again answer the existing item.
    Retry-safe with `Idempotency-Key`. 413 `upload_too_large`, 415 `unsupported_file_type`.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (AudioUploadAudioBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AudioItemPublic | Problem]
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
    body: AudioUploadAudioBody,
    idempotency_key: None | str | Unset = UNSET,
) -> AudioItemPublic | Problem | None:
    """Upload a sample (queued for analysis)

     Streams a WAV, AIFF, FLAC, OGG or MP3 file (up to 100 MiB, judged by its bytes) into
    storage and answers 202 with the item `queued` and its `Location`; the analysis runs in a
    worker (follow it on `/api/v1/live`). The same bytes uploaded again answer the existing item.
    Retry-safe with `Idempotency-Key`. 413 `upload_too_large`, 415 `unsupported_file_type`.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (AudioUploadAudioBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AudioItemPublic | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AudioUploadAudioBody,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[AudioItemPublic | Problem]:
    """Upload a sample (queued for analysis)

     Streams a WAV, AIFF, FLAC, OGG or MP3 file (up to 100 MiB, judged by its bytes) into
    storage and answers 202 with the item `queued` and its `Location`; the analysis runs in a
    worker (follow it on `/api/v1/live`). The same bytes uploaded again answer the existing item.
    Retry-safe with `Idempotency-Key`. 413 `upload_too_large`, 415 `unsupported_file_type`.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (AudioUploadAudioBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AudioItemPublic | Problem]
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
    body: AudioUploadAudioBody,
    idempotency_key: None | str | Unset = UNSET,
) -> AudioItemPublic | Problem | None:
    """Upload a sample (queued for analysis)

     Streams a WAV, AIFF, FLAC, OGG or MP3 file (up to 100 MiB, judged by its bytes) into
    storage and answers 202 with the item `queued` and its `Location`; the analysis runs in a
    worker (follow it on `/api/v1/live`). The same bytes uploaded again answer the existing item.
    Retry-safe with `Idempotency-Key`. 413 `upload_too_large`, 415 `unsupported_file_type`.

    Args:
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (AudioUploadAudioBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AudioItemPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
