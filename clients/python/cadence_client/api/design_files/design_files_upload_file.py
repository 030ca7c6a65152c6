from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.design_file_public import DesignFilePublic
from ...models.design_files_upload_file_body import DesignFilesUploadFileBody
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: UUID,
    *,
    body: DesignFilesUploadFileBody,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/projects/{project_id}/files".format(
            project_id=quote(str(project_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DesignFilePublic | Problem | None:
    if response.status_code == 202:
        response_202 = DesignFilePublic.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[DesignFilePublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DesignFilesUploadFileBody,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[DesignFilePublic | Problem]:
    """Upload a design file

     Uploads an SVG, DXF, PNG or JPEG file (multipart, field ``file``, up to 25 MiB) to the
    caller's project: 202 with the file ``queued`` and its ``Location``; a worker processes it.
    The type is judged from the bytes; whether they match the name's extension is checked by
    the processing (a mismatch ends the file ``failed``). Safe to retry with an
    ``Idempotency-Key``.

    Args:
        project_id (UUID):
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (DesignFilesUploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DesignFilePublic | Problem]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DesignFilesUploadFileBody,
    idempotency_key: None | str | Unset = UNSET,
) -> DesignFilePublic | Problem | None:
    """Upload a design file

     Uploads an SVG, DXF, PNG or JPEG file (multipart, field ``file``, up to 25 MiB) to the
    caller's project: 202 with the file ``queued`` and its ``Location``; a worker processes it.
    The type is judged from the bytes; whether they match the name's extension is checked by
    the processing (a mismatch ends the file ``failed``). Safe to retry with an
    ``Idempotency-Key``.

    Args:
        project_id (UUID):
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (DesignFilesUploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DesignFilePublic | Problem
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    project_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DesignFilesUploadFileBody,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[DesignFilePublic | Problem]:
    """Upload a design file

     Uploads an SVG, DXF, PNG or JPEG file (multipart, field ``file``, up to 25 MiB) to the
    caller's project: 202 with the file ``queued`` and its ``Location``; a worker processes it.
    The type is judged from the bytes; whether they match the name's extension is checked by
    the processing (a mismatch ends the file ``failed``). Safe to retry with an
    ``Idempotency-Key``.

    Args:
        project_id (UUID):
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (DesignFilesUploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DesignFilePublic | Problem]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DesignFilesUploadFileBody,
    idempotency_key: None | str | Unset = UNSET,
) -> DesignFilePublic | Problem | None:
    """Upload a design file

     Uploads an SVG, DXF, PNG or JPEG file (multipart, field ``file``, up to 25 MiB) to the
    caller's project: 202 with the file ``queued`` and its ``Location``; a worker processes it.
    The type is judged from the bytes; whether they match the name's extension is checked by
    the processing (a mismatch ends the file ``failed``). Safe to retry with an
    ``Idempotency-Key``.

    Args:
        project_id (UUID):
        idempotency_key (None | str | Unset): A unique value per logical request; a retry with it
            is answered once.
        body (DesignFilesUploadFileBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DesignFilePublic | Problem
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
