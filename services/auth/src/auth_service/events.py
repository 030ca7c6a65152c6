"""The auth service's event bus and every subscription it has.

Auth publishes ``auth.user.registered.v1`` and ``auth.user.deleted.v1`` for the other services,
and two events for itself, so that what a request promises survives the process dying after its
commit: the request's transaction stores the change and the event together, the relay carries the
event to auth's own queues (routing key = type), and these handlers do the side effect, retried
with growing delays while the mail server or Apple is down, parked at once when refused for good.
"""

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from auth_service import service
from auth_service.context import AUTH
from auth_service.mail import link_mail
from auth_service.models import TokenPurpose, events
from cadence_shared.context import ServiceContext
from cadence_shared.events import EventBus
from cadence_shared.events.contracts import AppleRevocationRequested, MailRequested
from cadence_shared.events.envelope import Envelope

log = structlog.get_logger("auth.events")

bus = EventBus(events)


@bus.subscribe_with_context("send-mail", MailRequested)
async def send_mail(
    context: ServiceContext, session: AsyncSession, event: MailRequested, envelope: Envelope
) -> None:
    """Mints the link's token for the reserved row, then sends; the commit after the send keeps
    the token. A row no longer usable (a newer request replaced it) is mailed nothing."""
    auth = context.get(AUTH)
    token = await service.mint_link_token(session, token_id=event.token_id)
    if token is None:
        log.info("mail_skipped_link_unusable", kind=event.kind, user_id=str(event.user_id))
        return
    subject, body = link_mail(auth.settings, TokenPurpose(event.kind), token)
    await auth.mailer.send(to=event.to, subject=subject, body=body)


@bus.subscribe_with_context("revoke-apple-token", AppleRevocationRequested)
async def revoke_apple_token(
    context: ServiceContext,
    session: AsyncSession,
    event: AppleRevocationRequested,
    envelope: Envelope,
) -> None:
    await context.get(AUTH).apple.revoke(event.refresh_token, client_id=event.client_id)
