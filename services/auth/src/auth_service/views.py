"""HTTP routes of the auth service: rate-limit, call the service modules, commit, answer.

A route that revokes ends with ``context.revocations.commit_and_revoke``; mail and Apple's token
revocation are events in the route's transaction, sent by the handlers in events.py.

Public (no bearer token): register, login, token, refresh, password forgot/reset, email verify,
apple, jwks. Everything else needs a valid access token; the admin routes need the admin role.
"""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import ValidationError

from auth_service import service, sessions
from auth_service.context import AuthContext, AuthDep
from auth_service.errors import BadCredentials
from auth_service.models import User
from auth_service.revocation import Revoked
from auth_service.schemas import (
    AdminUserPatch,
    AppleSignInRequest,
    DeleteAccountRequest,
    EmailVerifyRequest,
    Jwks,
    LoginRequest,
    LogoutRequest,
    PasswordChangeRequest,
    PasswordForgotRequest,
    PasswordResetRequest,
    ProfilePatch,
    RefreshRequest,
    RegisterRequest,
    SearchText,
    TokenPair,
    UserPublic,
)
from cadence_shared.auth import Principal
from cadence_shared.deps import CurrentPrincipal, PageDep, SessionDep, require_roles
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
users_router = APIRouter(prefix="/api/v1/users", tags=["users"])

AdminPrincipal = Annotated[Principal, Depends(require_roles("admin"))]
NO_CONTENT = status.HTTP_204_NO_CONTENT


async def _login(session: SessionDep, context: AuthContext, data: LoginRequest) -> TokenPair:
    user = await service.authenticate(
        session, email=data.email, password=data.password, passwords=context.passwords
    )
    pair = await sessions.open_session(session, user=user, tools=context.sessions)
    await session.commit()
    return pair


@router.post(
    "/register",
    summary="Create an account",
    status_code=status.HTTP_201_CREATED,
    responses=problems(409, 429),
)
async def register(
    data: RegisterRequest, request: Request, session: SessionDep, context: AuthDep
) -> UserPublic:
    """Creates an account with an email and a password; an email already used is a 409
    `email_taken`. The address starts unverified (`POST /api/v1/auth/email/verify/request`
    mails a link). Limited per client address (429)."""
    await context.enforce("register", request)
    user = await service.register(session, data=data, passwords=context.passwords)
    await session.commit()
    return service.to_public(user, apple_linked=False)


@router.post("/login", summary="Log in with email and password", responses=problems(401, 403, 429))
async def login(
    data: LoginRequest, request: Request, session: SessionDep, context: AuthDep
) -> TokenPair:
    """Answers an access token (short-lived, sent as `Authorization: Bearer`) and a refresh token
    that `POST /api/v1/auth/refresh` exchanges for a new pair. Wrong credentials are a 401
    `bad_credentials`, a deactivated account a 403. Limited per address and per account (429).
    """
    await context.enforce("login", request, data.email)
    return await _login(session, context, data)


@router.post(
    "/token", summary="Log in as an OAuth2 password form", responses=problems(401, 403, 429)
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    context: AuthDep,
) -> TokenPair:
    """The same as `POST /api/v1/auth/login` for OAuth2 clients and the docs' Authorize button: the
    email goes in `username`.
    """
    try:
        data = LoginRequest(email=form.username, password=form.password)
    except ValidationError as exc:
        raise BadCredentials(service.BAD_CREDENTIALS) from exc
    await context.enforce("login", request, data.email)
    return await _login(session, context, data)


@router.post(
    "/refresh", summary="Exchange a refresh token for a new pair", responses=problems(401, 429)
)
async def refresh(
    data: RefreshRequest, request: Request, session: SessionDep, context: AuthDep
) -> TokenPair:
    """Rotates the refresh token: the one sent stops working, and sending it again later revokes its
    whole session (401 `refresh_token_reused`). Limited per client address (429).
    """
    await context.enforce("refresh", request)
    pair = await sessions.rotate(session, refresh_token=data.refresh_token, tools=context.sessions)
    await session.commit()
    return pair


@router.post("/logout", summary="Log out", status_code=NO_CONTENT)
async def logout(
    principal: CurrentPrincipal,
    session: SessionDep,
    context: AuthDep,
    data: LogoutRequest | None = None,
) -> Response:
    """Revokes this access token until it expires, its session, and the given refresh token's."""
    revoked = await sessions.log_out(
        session, principal=principal, refresh_token=data.refresh_token if data else None
    )
    await context.revocations.commit_and_revoke(session, revoked)
    return Response(status_code=NO_CONTENT)


@router.get("/me", summary="Read the caller's account")
async def auth_me(principal: CurrentPrincipal, session: SessionDep) -> UserPublic:
    """The account the access token belongs to (the same as `GET /api/v1/users/me`)."""
    return await service.public_user(session, await service.get_user(session, principal.user_id))


@router.post(
    "/password/change",
    summary="Change the password",
    status_code=NO_CONTENT,
    responses=problems(400, 403),
)
async def change_password(
    data: PasswordChangeRequest, principal: CurrentPrincipal, session: SessionDep, context: AuthDep
) -> Response:
    """Needs the current password (403 `wrong_password`). Every other session is signed out; this
    one stays.
    """
    await service.change_password(
        session,
        principal=principal,
        current_password=data.current_password,
        new_password=data.new_password,
        passwords=context.passwords,
    )
    keep = uuid.UUID(principal.session_id) if principal.session_id else None
    revoked = await sessions.revoke_user_sessions(session, user_id=principal.user_id, keep=keep)
    await context.revocations.commit_and_revoke(session, Revoked(sessions=revoked))
    return Response(status_code=NO_CONTENT)


@router.post(
    "/password/forgot",
    summary="Ask for a password reset link",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(429),
)
async def forgot_password(
    data: PasswordForgotRequest, request: Request, session: SessionDep, context: AuthDep
) -> dict[str, str]:
    """Always 202: whether an account has this email is never revealed. When it has, a reset link
    is mailed. Limited per address and per email (429).
    """
    await context.enforce("forgot", request, data.email)
    await service.request_password_reset(
        session, email=data.email, ttl_s=context.settings.password_reset_ttl_s
    )
    await session.commit()
    return {"detail": "If an account has this email, a reset link is on its way."}


@router.post(
    "/password/reset",
    summary="Set a new password with a reset link",
    status_code=NO_CONTENT,
    responses=problems(400),
)
async def reset_password(
    data: PasswordResetRequest, session: SessionDep, context: AuthDep
) -> Response:
    """Takes the token of the mailed link (400 `invalid_link` when expired or used), sets the new
    password and signs out every session.
    """
    user = await service.reset_password(
        session, token=data.token, new_password=data.new_password, passwords=context.passwords
    )
    revoked = await sessions.revoke_user_sessions(session, user_id=user.id)
    await context.revocations.commit_and_revoke(session, Revoked(sessions=revoked))
    return Response(status_code=NO_CONTENT)


@router.post(
    "/email/verify/request",
    summary="Ask for a new verification mail",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problems(400),
)
async def request_email_verification(
    principal: CurrentPrincipal, session: SessionDep, context: AuthDep
) -> dict[str, str]:
    """Mails a new verification link to the caller's address; says so when the address is already
    verified.
    """
    requested = await service.request_email_verification(
        session, user_id=principal.user_id, ttl_s=context.settings.email_verification_ttl_s
    )
    if not requested:
        return {"detail": "The email address is already verified."}
    await session.commit()
    return {"detail": "A verification link is on its way."}


@router.post(
    "/email/verify",
    summary="Verify the email address with a mailed link",
    status_code=NO_CONTENT,
    responses=problems(400),
)
async def verify_email(data: EmailVerifyRequest, session: SessionDep) -> Response:
    """The `email_verified` claim is true in tokens issued from now on; an expired or used link is a
    400 `invalid_link`.
    """
    await service.verify_email(session, token=data.token)
    await session.commit()
    return Response(status_code=NO_CONTENT)


@router.post("/apple", summary="Sign in with Apple", responses=problems(401, 403, 409, 429))
async def sign_in_with_apple(
    data: AppleSignInRequest, request: Request, session: SessionDep, context: AuthDep
) -> TokenPair:
    """Verifies Apple's identity token, creates or links the account, and answers a token pair as
    login does. 503 when Apple cannot be reached.
    """
    await context.enforce("login", request)
    user = await service.sign_in_with_apple(session, data=data, apple=context.apple)
    pair = await sessions.open_session(session, user=user, tools=context.sessions)
    await session.commit()
    return pair


# 429: the gateway limits this public path per client address (gateway/routes.toml).
@router.get(
    "/.well-known/jwks.json",
    summary="The public signing keys (JWKS)",
    response_model=Jwks,
    responses=problems(429),
)
async def jwks(context: AuthDep, response: Response) -> dict[str, Any]:
    """The public keys (current and previous) every verifier checks access tokens against;
    cacheable for five minutes."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return context.keys.jwks()


@users_router.get("/me", summary="Read the caller's account")
async def read_me(principal: CurrentPrincipal, session: SessionDep) -> UserPublic:
    """The account the access token belongs to: email, display name, role, verification state."""
    return await service.public_user(session, await service.get_user(session, principal.user_id))


@users_router.patch("/me", summary="Change the caller's profile")
async def update_me(
    data: ProfilePatch, principal: CurrentPrincipal, session: SessionDep
) -> UserPublic:
    """Changes the fields given (display name, ...); the others stay."""
    user = await service.update_profile(session, user_id=principal.user_id, data=data)
    await session.commit()
    return await service.public_user(session, user)


@users_router.delete(
    "/me", summary="Delete the caller's account", status_code=NO_CONTENT, responses=problems(403)
)
async def delete_me(
    principal: CurrentPrincipal,
    session: SessionDep,
    context: AuthDep,
    data: DeleteAccountRequest | None = None,
) -> Response:
    """Hard delete: every token stops working, every service erases the user's data (event).

    An account with a password confirms with it; one without (Apple only) needs a token issued
    in the last few minutes.
    """
    user_id = await service.delete_account(
        session,
        principal=principal,
        password=data.password if data else None,
        passwords=context.passwords,
        recent_login_s=context.settings.recent_login_s,
    )
    await context.revocations.commit_and_revoke(session, Revoked(user_id=user_id))
    return Response(status_code=NO_CONTENT)


@users_router.get("", summary="List every account (admin)", response_model=Page[UserPublic])
async def list_users(
    _admin: AdminPrincipal,
    session: SessionDep,
    page: PageDep,
    q: Annotated[SearchText | None, Query(description="Searches the email")] = None,
) -> Page[UserPublic]:
    """Newest first, optionally searched by email. Needs the admin role (403)."""
    users, total = await service.list_users(session, query=q, page=page)
    return Page(items=users, total=total, limit=page.limit, offset=page.offset)


@users_router.patch(
    "/{user_id}", summary="Change a user's role or active state (admin)", responses=problems(409)
)
async def update_user(
    user_id: uuid.UUID,
    data: AdminUserPatch,
    admin: AdminPrincipal,
    session: SessionDep,
    context: AuthDep,
) -> UserPublic:
    """Deactivating signs the user out everywhere; a role change shows at their next refresh."""
    user: User = await service.admin_update_user(session, admin=admin, user_id=user_id, data=data)
    revoked = (
        await sessions.revoke_user_sessions(session, user_id=user.id) if not user.is_active else []
    )
    await context.revocations.commit_and_revoke(session, Revoked(sessions=revoked))
    return await service.public_user(session, user)
