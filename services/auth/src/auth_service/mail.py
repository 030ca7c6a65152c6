"""Outgoing mail: SMTP (aiosmtplib) when a host is configured, else written to the log."""

from email.message import EmailMessage

import aiosmtplib
import structlog

from auth_service.settings import Settings

log = structlog.get_logger("auth.mail")


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
        log.info("mail_sent", to=to, subject=subject)

    async def send_logged(self, *, to: str, subject: str, body: str) -> None:
        """For background sends: a failure is logged, the request it follows has succeeded."""
        try:
            await self.send(to=to, subject=subject, body=body)
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.error("mail_failed", to=to, subject=subject, error=str(exc))
