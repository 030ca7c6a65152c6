"""The API's shapes for nutrition: what clients send and what they get back. Metric units."""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fitness_service.base import EntryStatus
from fitness_service.formulas import ADHERENCE_FORMULA, Macros
from fitness_service.nutrition.models import Food, FoodLog, FoodLogKind
from fitness_service.types import (
    Day,
    Grams,
    Kcal,
    LocalTime,
    MealName,
    Milligrams,
    Name,
    Servings,
    Unit,
    Weekday,
)

MAX_MEALS = 20
MAX_ITEMS_PER_MEAL = 50


class FoodWrite(BaseModel):
    """A food and its nutrition per serving (kcal; protein, carbs, fat, fibre, sugar in g;
    sodium in mg)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Rolled oats",
                    "serving_size": 40,
                    "serving_unit": "g",
                    "kcal": 150,
                    "protein_g": 5.3,
                    "carbs_g": 24.5,
                    "fat_g": 2.8,
                    "fibre_g": 4.0,
                }
            ]
        },
    )

    name: Name
    brand: Name | None = None
    serving_size: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] = Field(
        description="How much one serving is, in serving_unit"
    )
    serving_unit: Unit = Field(description='"g", "ml", "piece", ...')
    kcal: Kcal
    protein_g: Grams
    carbs_g: Grams
    fat_g: Grams
    fibre_g: Grams | None = None
    sugar_g: Grams | None = None
    sodium_mg: Milligrams | None = None


class FoodCreate(FoodWrite):
    id: uuid.UUID | None = Field(default=None, description="Client-generated, for offline use")


class FoodPatch(BaseModel):
    """Only the fields given change; null clears brand, fibre, sugar or sodium."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    brand: Name | None = None
    serving_size: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] | None = None
    serving_unit: Unit | None = None
    kcal: Kcal | None = None
    protein_g: Grams | None = None
    carbs_g: Grams | None = None
    fat_g: Grams | None = None
    fibre_g: Grams | None = None
    sugar_g: Grams | None = None
    sodium_mg: Milligrams | None = None


REQUIRED_FOOD_FIELDS = (
    "name",
    "serving_size",
    "serving_unit",
    "kcal",
    "protein_g",
    "carbs_g",
    "fat_g",
)


class FoodPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    brand: str | None
    serving_size: float
    serving_unit: str
    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    fibre_g: float | None
    sugar_g: float | None
    sodium_mg: float | None
    status: EntryStatus
    source_job_id: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime


class Nutrients(BaseModel):
    """Totals of some servings: kcal; protein, carbs, fat, fibre, sugar in g; sodium in mg
    (foods that do not state fibre, sugar or sodium add 0)."""

    kcal: float = 0.0
    protein_g: float = 0.0
    carbs_g: float = 0.0
    fat_g: float = 0.0
    fibre_g: float = 0.0
    sugar_g: float = 0.0
    sodium_mg: float = 0.0

    @classmethod
    def of(cls, food: Food, servings: float) -> "Nutrients":
        return cls(
            kcal=food.kcal * servings,
            protein_g=food.protein_g * servings,
            carbs_g=food.carbs_g * servings,
            fat_g=food.fat_g * servings,
            fibre_g=(food.fibre_g or 0.0) * servings,
            sugar_g=(food.sugar_g or 0.0) * servings,
            sodium_mg=(food.sodium_mg or 0.0) * servings,
        )

    @classmethod
    def total(cls, parts: Iterable["Nutrients"]) -> "Nutrients":
        names = list(cls.model_fields)
        sums = dict.fromkeys(names, 0.0)
        for part in parts:
            for name in names:
                sums[name] += getattr(part, name)
        return cls(**sums)

    def macros(self) -> Macros:
        return Macros(self.kcal, self.protein_g, self.carbs_g, self.fat_g)


class MacroTargets(BaseModel):
    """What the day's plan adds up to: kcal and grams of protein, carbs and fat."""

    kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float

    @classmethod
    def of(cls, macros: Macros) -> "MacroTargets":
        return cls(
            kcal=macros.kcal, protein_g=macros.protein_g, carbs_g=macros.carbs_g, fat_g=macros.fat_g
        )


# --- diet plans ---------------------------------------------------------------------------------


class PlanItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    food_id: uuid.UUID
    quantity: Servings = Field(description="Servings of the food")


class PlanMealIn(BaseModel):
    """A meal of the plan; meals are ordered as listed (``position`` 0, 1, ...)."""

    model_config = ConfigDict(extra="forbid")

    name: MealName
    time: LocalTime | None = Field(default=None, description="Local time of day, e.g. 08:30")
    items: Annotated[list[PlanItemIn], Field(max_length=MAX_ITEMS_PER_MEAL)] = []


def _distinct_days(days: list[Weekday]) -> list[Weekday]:
    if len(set(days)) != len(days):
        raise ValueError("each weekday at most once")
    return sorted(days, key=lambda day: day.iso)


def _distinct_meal_names(meals: list[PlanMealIn]) -> list[PlanMealIn]:
    names = [meal.name.casefold() for meal in meals]
    if len(set(names)) != len(names):
        raise ValueError("meal names must differ within a plan")
    return meals


class DietPlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = Field(default=None, description="Client-generated, for offline use")
    name: Name
    days_of_week: Annotated[list[Weekday], Field(min_length=1, max_length=7)]
    is_active: bool = True
    meals: Annotated[list[PlanMealIn], Field(max_length=MAX_MEALS)] = []

    _days = field_validator("days_of_week")(_distinct_days)
    _meals = field_validator("meals")(_distinct_meal_names)


class DietPlanPatch(BaseModel):
    """Only the fields given change; ``meals``, when given, replaces every meal."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    days_of_week: Annotated[list[Weekday], Field(min_length=1, max_length=7)] | None = None
    is_active: bool | None = None
    meals: Annotated[list[PlanMealIn], Field(max_length=MAX_MEALS)] | None = None

    @field_validator("days_of_week")
    @classmethod
    def _days(cls, days: list[Weekday] | None) -> list[Weekday] | None:
        return None if days is None else _distinct_days(days)

    @field_validator("meals")
    @classmethod
    def _meals(cls, meals: list[PlanMealIn] | None) -> list[PlanMealIn] | None:
        return None if meals is None else _distinct_meal_names(meals)


class PlanItemPublic(BaseModel):
    id: uuid.UUID
    position: int
    quantity: float
    food: FoodPublic
    nutrients: Nutrients


class PlanMealPublic(BaseModel):
    id: uuid.UUID
    name: str
    position: int
    time: LocalTime | None
    items: list[PlanItemPublic]
    totals: Nutrients


class DietPlanPublic(BaseModel):
    id: uuid.UUID
    name: str
    days_of_week: list[Weekday]
    is_active: bool
    meals: list[PlanMealPublic]
    totals: Nutrients = Field(description="The whole day's plan: the day view's targets")
    created_at: dt.datetime
    updated_at: dt.datetime


class DietPlanSummary(BaseModel):
    id: uuid.UUID
    name: str
    days_of_week: list[Weekday]
    is_active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


# --- food logs ----------------------------------------------------------------------------------


class FoodLogCreate(BaseModel):
    """A planned entry is an upsert keyed by (date, meal, food): logging the same planned food
    again for that meal and day replaces its quantity. An ad-hoc entry is always a new one."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = Field(default=None, description="Client-generated, for offline use")
    date: Day
    meal: MealName
    food_id: uuid.UUID
    quantity: Servings = Field(description="Servings of the food")
    kind: FoodLogKind = FoodLogKind.ad_hoc


class FoodLogPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quantity: Servings | None = None
    meal: MealName | None = None
    date: Day | None = None


class FoodLogPublic(BaseModel):
    id: uuid.UUID
    date: dt.date
    meal: str
    kind: FoodLogKind
    status: EntryStatus
    quantity: float
    food: FoodPublic
    nutrients: Nutrients
    source_job_id: uuid.UUID | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, log: FoodLog, food: Food) -> "FoodLogPublic":
        return cls(
            id=log.id,
            date=log.date,
            meal=log.meal,
            kind=log.kind,
            status=log.status,
            quantity=log.quantity,
            food=FoodPublic.model_validate(food),
            nutrients=Nutrients.of(food, log.quantity),
            source_job_id=log.source_job_id,
            created_at=log.created_at,
            updated_at=log.updated_at,
        )


class PlanRef(BaseModel):
    id: uuid.UUID
    name: str


class DayDiet(BaseModel):
    """One day: the plan's meals for its weekday, what was logged, totals, targets, adherence
    (``formulas.ADHERENCE_FORMULA``). Drafts (from OCR, not yet confirmed) are listed apart and
    count in no total."""

    date: dt.date
    weekday: Weekday
    plan: PlanRef | None
    meals: list[PlanMealPublic]
    entries: list[FoodLogPublic]
    drafts: list[FoodLogPublic]
    totals: Nutrients
    targets: MacroTargets | None
    adherence: float | None = Field(description=ADHERENCE_FORMULA)
