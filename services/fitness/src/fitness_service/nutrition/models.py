"""Tables of nutrition: foods, diet plans with meals and items, food logs."""

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Time,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field

from cadence_shared.db import enum_column, timestamp_column
from fitness_service.base import EntryStatus, FitnessTable

NAME_LENGTH = 200


def _amount(nullable: bool = False) -> Column[float]:
    return Column(Float, nullable=nullable)


class Food(FitnessTable, table=True):
    """A food of the user's catalog. Nutrition is per serving, in metric units."""

    __tablename__ = "food"
    __table_args__ = (
        # Trigram GIN indexes (pg_trgm) serve `q=` (ILIKE '%...%') on name and brand, OR-ed
        # into one bitmap. Plain ones: an index led by user_id (btree_gin) was measured slower,
        # the planner costs its posting list of the user's whole catalog above a scan. No
        # pending list (fastupdate off): a catalog is read far more than written, and entries
        # waiting in the list made the planner pick a scan after a bulk import.
        Index(
            "ix_food_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
            postgresql_with={"fastupdate": "off"},
        ),
        Index(
            "ix_food_brand_trgm",
            "brand",
            postgresql_using="gin",
            postgresql_ops={"brand": "gin_trgm_ops"},
            postgresql_with={"fastupdate": "off"},
        ),
        Index("ix_food_user_name", "user_id", "name", "id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    name: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    brand: str | None = Field(default=None, sa_column=Column(String(NAME_LENGTH), nullable=True))
    serving_size: float = Field(sa_column=_amount())
    serving_unit: str = Field(sa_column=Column(String(20), nullable=False))
    kcal: float = Field(sa_column=_amount())
    protein_g: float = Field(sa_column=_amount())
    carbs_g: float = Field(sa_column=_amount())
    fat_g: float = Field(sa_column=_amount())
    fibre_g: float | None = Field(default=None, sa_column=_amount(nullable=True))
    sugar_g: float | None = Field(default=None, sa_column=_amount(nullable=True))
    sodium_mg: float | None = Field(default=None, sa_column=_amount(nullable=True))
    status: EntryStatus = Field(
        default=EntryStatus.confirmed,
        sa_column=enum_column(EntryStatus, "food_status", EntryStatus.confirmed),
    )
    source_job_id: uuid.UUID | None = Field(default=None, index=True)
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    deleted_at: dt.datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class DietPlan(FitnessTable, table=True):
    """A plan of meals for some weekdays (ISO numbers, Monday 1). Soft-deleted."""

    __tablename__ = "diet_plan"
    __table_args__ = (Index("ix_diet_plan_user_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    name: str = Field(sa_column=Column(String(NAME_LENGTH), nullable=False))
    days_of_week: list[int] = Field(sa_column=Column(ARRAY(SmallInteger), nullable=False))
    is_active: bool = True
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    deleted_at: dt.datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class DietPlanMeal(FitnessTable, table=True):
    __tablename__ = "diet_plan_meal"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    plan_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("diet_plan.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    name: str = Field(sa_column=Column(String(100), nullable=False))
    position: int
    time: dt.time | None = Field(default=None, sa_column=Column(Time, nullable=True))


class DietPlanItem(FitnessTable, table=True):
    """A food in a planned meal; ``quantity`` is in servings of the food."""

    __tablename__ = "diet_plan_item"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    meal_id: uuid.UUID = Field(
        sa_column=Column(
            Uuid, ForeignKey("diet_plan_meal.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    food_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("food.id"), nullable=False, index=True)
    )
    position: int
    quantity: float = Field(sa_column=_amount())


class FoodLogKind(enum.StrEnum):
    planned = "planned"  # one per (date, meal, food): logging it again changes the quantity
    ad_hoc = "ad_hoc"


class FoodLog(FitnessTable, table=True):
    """What the user ate: ``quantity`` servings of a food, for a date and a meal."""

    __tablename__ = "food_log"
    __table_args__ = (
        Index("ix_food_log_user_date", "user_id", "date"),
        # The key of the planned upsert (ON CONFLICT ... WHERE kind = 'planned').
        Index(
            "ux_food_log_planned",
            "user_id",
            "date",
            "meal",
            "food_id",
            unique=True,
            postgresql_where=text("kind = 'planned'"),  # nutrition.service.PLANNED_ONLY
        ),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID
    date: dt.date
    meal: str = Field(sa_column=Column(String(100), nullable=False))
    food_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("food.id"), nullable=False, index=True)
    )
    quantity: float = Field(sa_column=_amount())
    kind: FoodLogKind = Field(sa_column=enum_column(FoodLogKind, "food_log_kind"))
    status: EntryStatus = Field(
        default=EntryStatus.confirmed,
        sa_column=enum_column(EntryStatus, "food_log_status", EntryStatus.confirmed),
    )
    source_job_id: uuid.UUID | None = Field(default=None, index=True)
    created_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
    updated_at: dt.datetime = Field(sa_column=timestamp_column(server_default=True))
