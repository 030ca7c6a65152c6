"""Every table of the fitness schema (one metadata, one migration history), the tombstones of
erased users, and the event outbox and inbox. Never returned from a route: see the schemas."""

import datetime as dt
import uuid

from sqlmodel import Field

from cadence_shared.db import timestamp_column
from cadence_shared.events import EventStore
from fitness_service.base import FitnessTable, metadata
from fitness_service.drafts.models import OcrDraft
from fitness_service.nutrition.models import DietPlan, DietPlanItem, DietPlanMeal, Food, FoodLog
from fitness_service.progress.models import BodyMetric, CardioActivity
from fitness_service.workouts.models import PersonalRecord, Program, WorkoutSession, WorkoutSet


class ErasedUser(FitnessTable, table=True):
    """A user whose data was erased (auth.user.deleted.v1). Events that arrive later for them
    (a run finished offline, an OCR job) are dropped, so nothing comes back."""

    __tablename__ = "erased_user"

    user_id: uuid.UUID = Field(primary_key=True)
    erased_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))


# The outbox and inbox of this service's events (see cadence_shared.events).
events = EventStore(metadata, source="fitness", publishes=())  # consumes only

__all__ = [
    "BodyMetric",
    "CardioActivity",
    "DietPlan",
    "DietPlanItem",
    "DietPlanMeal",
    "ErasedUser",
    "Food",
    "FoodLog",
    "OcrDraft",
    "PersonalRecord",
    "Program",
    "WorkoutSession",
    "WorkoutSet",
    "events",
    "metadata",
]
