"""Outgoing mail: SMTP (aiosmtplib) when a host is configured, else written to the log.

Mail is sent by the ``send-mail`` event handler (events.py), never from a request: a 5xx from
the server is permanent (``MailRejected``: the event is parked), anything else is retried
(``MailServerUnavailable``).
"""

from email.message import EmailMessage

import aiosmtplib
import structlog

from auth_service.errors import MailRejected, MailServerUnavailable
from auth_service.models import TokenPurpose
from auth_service.settings import Settings

log = structlog.get_logger("auth.mail")


def link_mail(settings: Settings, kind: TokenPurpose, token: str) -> tuple[str, str]:
    """(subject, body) of the mail carrying a single-use link with ``token``."""
    base = settings.public_base_url.rstrip("/")
    if kind is TokenPurpose.password_reset:
        minutes = settings.password_reset_ttl_s // 60
        return "Reset your Cadence password", (
            f"Someone asked to reset the password of your Cadence account.\n\n"
            f"Open this link within {minutes} minutes to choose a new one:\n"
            f"{base}/reset-password?token={token}\n\n"
            f"If it was not you, ignore this mail: your password stays as it is.\n"
        )
    return "Verify your Cadence email address", (
        f"Open this link to verify your email address:\n{base}/verify-email?token={token}\n"
    )


def _refusal(exc: aiosmtplib.SMTPException) -> MailRejected | MailServerUnavailable:
    codes = [exc.code] if isinstance(exc, aiosmtplib.SMTPResponseException) else []
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
    if codes and all(500 <= code < 600 for code in codes):
        return MailRejected(f"The mail server refused the message: {exc}")
    return MailServerUnavailable(f"The mail was not sent: {exc}")


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def send(self, *, to: str, subject: str, body: str) -> None:
        settings = self._settings
        message = EmailMessage()
        message["From"] = settings.mail_from
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        if settings.smtp_host is None:
            # The body carries single-use links: only a development log may show it.
            shown = body if settings.environment == "development" else "(hidden)"
            log.info("mail_not_sent_no_smtp_host", to=to, subject=subject, body=shown)
            return
        try:
            await aiosmtplib.send(
                message,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=(
                    settings.smtp_password.get_secret_value() if settings.smtp_password else None
                ),
                start_tls=settings.smtp_starttls,
                use_tls=settings.smtp_tls,
                timeout=settings.smtp_timeout_s,
            )
        except aiosmtplib.SMTPException as exc:
            raise _refusal(exc) from exc
        except OSError as exc:
            raise MailServerUnavailable(f"The mail server is unreachable: {exc}") from exc
        log.info("mail_sent", to=to, subject=subject)
