"""The API's shapes for body metrics and progress series. Metric units."""

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from fitness_service.formulas import ADHERENCE_FORMULA, PeriodKind
from fitness_service.nutrition.schemas import MacroTargets
from fitness_service.types import Day, Notes


class BodyMetricWrite(BaseModel):
    """One day's measurements: upserted by ``date`` (every field is replaced)."""

    model_config = ConfigDict(extra="forbid")

    date: Day
    weight_kg: Annotated[float, Field(gt=0, le=700, allow_inf_nan=False)] | None = None
    body_fat_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    waist_cm: Annotated[float, Field(gt=0, le=500, allow_inf_nan=False)] | None = None
    hip_cm: Annotated[float, Field(gt=0, le=500, allow_inf_nan=False)] | None = None
    chest_cm: Annotated[float, Field(gt=0, le=500, allow_inf_nan=False)] | None = None
    resting_hr: Annotated[int, Field(ge=20, le=250)] | None = None
    notes: Notes | None = None


class BodyMetricPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    date: dt.date
    weight_kg: float | None
    body_fat_pct: float | None
    waist_cm: float | None
    hip_cm: float | None
    chest_cm: float | None
    resting_hr: int | None
    notes: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class WeightPoint(BaseModel):
    date: dt.date
    weight_kg: float
    moving_average_7d_kg: float = Field(
        description="Mean of the weights measured in the 7 days ending on this date"
    )


class WeightSeries(BaseModel):
    """Each day with a weight in the range; the moving average also counts weights from the six
    days before ``from``. Days without a measurement are left out (they are not zeros)."""

    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")
    points: list[WeightPoint]


class AdherencePoint(BaseModel):
    date: dt.date
    adherence: float | None = Field(description=ADHERENCE_FORMULA)
    logged: MacroTargets
    targets: MacroTargets | None


class AdherenceSeries(BaseModel):
    """Every day of the range, with the day view's adherence (``formulas.ADHERENCE_FORMULA``)."""

    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")
    average: float | None = Field(description="Mean over the days that have an adherence")
    days: list[AdherencePoint]


class VolumePeriod(BaseModel):
    start: dt.date = Field(description="First day of the period (Monday, or the 1st)")
    end: dt.date = Field(description="Last day of the period, inclusive")
    sessions: int
    strength_volume_kg: float = Field(description="Sum of reps * weight_kg of the sets")
    strength_sets: int
    runs: int
    cardio_minutes: float
    cardio_distance_km: float


class VolumeSeries(BaseModel):
    """Every week (ISO, from Monday) or month touching the range, in ``tz``; only what started
    between ``from`` and ``to`` (in ``tz``) counts, so the first and last periods may be partial.
    Periods with nothing in them are listed with zeros."""

    first: dt.date = Field(serialization_alias="from")
    last: dt.date = Field(serialization_alias="to")
    group: PeriodKind
    tz: str
    periods: list[VolumePeriod]
