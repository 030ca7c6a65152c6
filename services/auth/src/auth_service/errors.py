"""The auth service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
    Unavailable,
)


class EmailTaken(Conflict):
    code = "email_taken"
    title = "Email already registered"
    description = "An account with this email already exists."


class UserNotFound(NotFound):
    code = "user_not_found"
    title = "User not found"
    description = "No user has this id."


class BadCredentials(Unauthenticated):
    code = "bad_credentials"
    title = "Wrong email or password"
    description = "The email or the password is wrong (the answer never says which)."


class AccountDeactivated(Forbidden):
    code = "account_deactivated"
    title = "Account deactivated"
    description = "This account is deactivated: it cannot sign in or refresh."


class WrongPassword(Forbidden):
    code = "wrong_password"
    title = "Wrong password"
    description = "The current password given to confirm the change is incorrect."


class NoPassword(BadRequest):
    code = "account_has_no_password"
    title = "Account has no password"
    description = "This account signs in with Apple only: set a password with a password reset."


class NoEmail(BadRequest):
    code = "account_has_no_email"
    title = "Account has no email"
    description = "This account has no email address to send to."


class InvalidLink(BadRequest):
    code = "invalid_link"
    title = "Invalid link"
    description = "The reset or verification link is invalid, expired or already used."


class ReauthenticationRequired(Forbidden):
    code = "reauthentication_required"
    title = "Sign in again"
    description = "This needs a token from a sign-in within the last few minutes."


class CannotChangeOwnRole(Conflict):
    code = "cannot_change_own_role"
    title = "Cannot demote yourself"
    description = "An admin cannot demote or deactivate their own account."


class AppleIdentityRejected(Unauthenticated):
    code = "apple_identity_rejected"
    title = "Apple identity rejected"
    description = "The Apple identity token or authorization code is not valid."


class AppleLinkInProgress(Conflict):
    code = "apple_link_in_progress"
    title = "Apple account being linked"
    description = "This Apple account is being linked by another request: retry."


class RefreshTokenReused(Unauthenticated):
    code = "refresh_token_reused"
    title = "Refresh token reused"
    description = "This refresh token was already used: the whole session is revoked."


class RefreshTokenUnknown(Unauthenticated):
    code = "refresh_token_unknown"
    title = "Unknown refresh token"
    description = "No session has this refresh token."


class SessionRevoked(Unauthenticated):
    code = "session_revoked"
    title = "Session revoked"
    description = "This session was revoked (logout, password change or account deletion)."


class RefreshTokenExpired(Unauthenticated):
    code = "refresh_token_expired"
    title = "Refresh token expired"
    description = "This refresh token has expired: sign in again."


# Raised by the event handlers that mail links and revoke Apple tokens: a permanent one parks the
# event at once with its code, an unavailable one is retried with growing delays.


class MailRejected(InvalidInput):
    code = "mail_rejected"
    title = "Mail rejected"
    description = "The mail server refused the message for good (a 5xx: e.g. an unknown recipient)."


class MailServerUnavailable(Unavailable):
    code = "mail_server_unavailable"
    title = "Mail server unavailable"
    description = "The mail server could not be reached or deferred the message: retried."


class AppleRevocationRefused(InvalidInput):
    code = "apple_revocation_refused"
    title = "Apple refused the revocation"
    description = "Apple answered the token revocation with a 4xx: retrying cannot help."


class AppleUnavailable(Unavailable):
    code = "apple_unavailable"
    title = "Apple unavailable"
    description = "Apple's endpoint timed out or answered with a 5xx: retried."
