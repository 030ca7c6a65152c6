"""The auth service's event bus: it publishes (registered, deleted) and subscribes to nothing."""

from auth_service.models import events
from cadence_shared.events import EventBus

bus = EventBus(events)
