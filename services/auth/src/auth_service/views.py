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


@router.post("/register", status_code=status.HTTP_201_CREATED)
async def register(
    data: RegisterRequest, request: Request, session: SessionDep, context: AuthDep
) -> UserPublic:
    await context.enforce("register", request)
    user = await service.register(session, data=data, passwords=context.passwords)
    await session.commit()
    return service.to_public(user, apple_linked=False)


@router.post("/login")
async def login(
    data: LoginRequest, request: Request, session: SessionDep, context: AuthDep
) -> TokenPair:
    await context.enforce("login", request, data.email)
    return await _login(session, context, data)


@router.post("/token", summary="Login as an OAuth2 password form (the docs' Authorize button)")
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    context: AuthDep,
) -> TokenPair:
    try:
        data = LoginRequest(email=form.username, password=form.password)
    except ValidationError as exc:
        raise BadCredentials(service.BAD_CREDENTIALS) from exc
    await context.enforce("login", request, data.email)
    return await _login(session, context, data)


@router.post("/refresh")
async def refresh(
    data: RefreshRequest, request: Request, session: SessionDep, context: AuthDep
) -> TokenPair:
    await context.enforce("refresh", request)
    pair = await sessions.rotate(session, refresh_token=data.refresh_token, tools=context.sessions)
    await session.commit()
    return pair


@router.post("/logout", status_code=NO_CONTENT)
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


@router.get("/me", summary="The caller's account (alias of GET /api/v1/users/me)")
async def auth_me(principal: CurrentPrincipal, session: SessionDep) -> UserPublic:
    return await service.public_user(session, await service.get_user(session, principal.user_id))


@router.post("/password/change", status_code=NO_CONTENT)
async def change_password(
    data: PasswordChangeRequest, principal: CurrentPrincipal, session: SessionDep, context: AuthDep
) -> Response:
    """Every other session is signed out; this one stays."""
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


@router.post("/password/forgot", status_code=status.HTTP_202_ACCEPTED)
async def forgot_password(
    data: PasswordForgotRequest, request: Request, session: SessionDep, context: AuthDep
) -> dict[str, str]:
    """Always 202: whether an account has this email is never revealed."""
    await context.enforce("forgot", request, data.email)
    await service.request_password_reset(
        session, email=data.email, ttl_s=context.settings.password_reset_ttl_s
    )
    await session.commit()
    return {"detail": "If an account has this email, a reset link is on its way."}


@router.post("/password/reset", status_code=NO_CONTENT)
async def reset_password(
    data: PasswordResetRequest, session: SessionDep, context: AuthDep
) -> Response:
    """Sets the new password and signs out every session."""
    user = await service.reset_password(
        session, token=data.token, new_password=data.new_password, passwords=context.passwords
    )
    revoked = await sessions.revoke_user_sessions(session, user_id=user.id)
    await context.revocations.commit_and_revoke(session, Revoked(sessions=revoked))
    return Response(status_code=NO_CONTENT)


@router.post("/email/verify/request", status_code=status.HTTP_202_ACCEPTED)
async def request_email_verification(
    principal: CurrentPrincipal, session: SessionDep, context: AuthDep
) -> dict[str, str]:
    requested = await service.request_email_verification(
        session, user_id=principal.user_id, ttl_s=context.settings.email_verification_ttl_s
    )
    if not requested:
        return {"detail": "The email address is already verified."}
    await session.commit()
    return {"detail": "A verification link is on its way."}


@router.post("/email/verify", status_code=NO_CONTENT)
async def verify_email(data: EmailVerifyRequest, session: SessionDep) -> Response:
    """The ``email_verified`` claim is true in tokens issued from now on."""
    await service.verify_email(session, token=data.token)
    await session.commit()
    return Response(status_code=NO_CONTENT)


@router.post("/apple", summary="Sign in with Apple")
async def sign_in_with_apple(
    data: AppleSignInRequest, request: Request, session: SessionDep, context: AuthDep
) -> TokenPair:
    await context.enforce("login", request)
    user = await service.sign_in_with_apple(session, data=data, apple=context.apple)
    pair = await sessions.open_session(session, user=user, tools=context.sessions)
    await session.commit()
    return pair


@router.get("/.well-known/jwks.json", response_model=Jwks)
async def jwks(context: AuthDep, response: Response) -> dict[str, Any]:
    """The public keys (current and previous) every verifier checks access tokens against."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return context.keys.jwks()


@users_router.get("/me")
async def read_me(principal: CurrentPrincipal, session: SessionDep) -> UserPublic:
    return await service.public_user(session, await service.get_user(session, principal.user_id))


@users_router.patch("/me")
async def update_me(
    data: ProfilePatch, principal: CurrentPrincipal, session: SessionDep
) -> UserPublic:
    user = await service.update_profile(session, user_id=principal.user_id, data=data)
    await session.commit()
    return await service.public_user(session, user)


@users_router.delete("/me", status_code=NO_CONTENT)
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


@users_router.get("", response_model=Page[UserPublic], summary="All users (admin)")
async def list_users(
    _admin: AdminPrincipal,
    session: SessionDep,
    page: PageDep,
    q: Annotated[SearchText | None, Query(description="Searches the email")] = None,
) -> Page[UserPublic]:
    users, total = await service.list_users(session, query=q, page=page)
    return Page(items=users, total=total, limit=page.limit, offset=page.offset)


@users_router.patch("/{user_id}", summary="Change a user's role or active state (admin)")
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
