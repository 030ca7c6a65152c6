"""The API's shapes for OCR drafts."""

import datetime as dt
import uuid

from pydantic import BaseModel

from fitness_service.drafts.models import DraftKind, DraftState
from fitness_service.nutrition.schemas import FoodLogPublic, FoodPublic
from fitness_service.workouts.schemas import SessionPublic


class OcrDraftSummary(BaseModel):
    model_config = {"from_attributes": True}

    job_id: uuid.UUID
    kind: DraftKind
    state: DraftState
    date: dt.date
    meal: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None


class OcrDraftPublic(OcrDraftSummary):
    """What the job drafted: for a menu its foods and the food log entries, for a workout
    sheet the session. Confirming makes them ordinary data in one call."""

    foods: list[FoodPublic]
    food_logs: list[FoodLogPublic]
    session: SessionPublic | None
