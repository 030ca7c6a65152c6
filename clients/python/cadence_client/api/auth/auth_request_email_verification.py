from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_request_email_verification_response_auth_request_email_verification import (
    AuthRequestEmailVerificationResponseAuthRequestEmailVerification,
)
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/email/verify/request",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem | None:
    if response.status_code == 202:
        response_202 = AuthRequestEmailVerificationResponseAuthRequestEmailVerification.from_dict(
            response.json()
        )

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem]:
    """Ask for a new verification mail

     Mails a new verification link to the caller's address; says so when the address is already
    verified.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem | None:
    """Ask for a new verification mail

     Mails a new verification link to the caller's address; says so when the address is already
    verified.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem]:
    """Ask for a new verification mail

     Mails a new verification link to the caller's address; says so when the address is already
    verified.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem | None:
    """Ask for a new verification mail

     Mails a new verification link to the caller's address; says so when the address is already
    verified.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthRequestEmailVerificationResponseAuthRequestEmailVerification | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
