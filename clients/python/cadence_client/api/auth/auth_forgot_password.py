from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_forgot_password_response_auth_forgot_password import (
    AuthForgotPasswordResponseAuthForgotPassword,
)
from ...models.password_forgot_request import PasswordForgotRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: PasswordForgotRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/password/forgot",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthForgotPasswordResponseAuthForgotPassword | Problem | None:
    if response.status_code == 202:
        response_202 = AuthForgotPasswordResponseAuthForgotPassword.from_dict(response.json())

        return response_202

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
) -> Response[AuthForgotPasswordResponseAuthForgotPassword | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordForgotRequest,
) -> Response[AuthForgotPasswordResponseAuthForgotPassword | Problem]:
    """Ask for a password reset link

     Always 202: whether an account has this email is never revealed. When it has, a reset link
    is mailed. Limited per address and per email (429).

    Args:
        body (PasswordForgotRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthForgotPasswordResponseAuthForgotPassword | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordForgotRequest,
) -> AuthForgotPasswordResponseAuthForgotPassword | Problem | None:
    """Ask for a password reset link

     Always 202: whether an account has this email is never revealed. When it has, a reset link
    is mailed. Limited per address and per email (429).

    Args:
        body (PasswordForgotRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthForgotPasswordResponseAuthForgotPassword | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordForgotRequest,
) -> Response[AuthForgotPasswordResponseAuthForgotPassword | Problem]:
    """Ask for a password reset link

     Always 202: whether an account has this email is never revealed. When it has, a reset link
    is mailed. Limited per address and per email (429).

    Args:
        body (PasswordForgotRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthForgotPasswordResponseAuthForgotPassword | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordForgotRequest,
) -> AuthForgotPasswordResponseAuthForgotPassword | Problem | None:
    """Ask for a password reset link

     Always 202: whether an account has this email is never revealed. When it has, a reset link
    is mailed. Limited per address and per email (429).

    Args:
        body (PasswordForgotRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthForgotPasswordResponseAuthForgotPassword | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
