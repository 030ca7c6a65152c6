"""Nutrition as plain async functions: the session comes in, the caller commits."""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Response
from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlmodel import col

from cadence_shared import fastread
from cadence_shared.db import contains, flush_or_conflict, table_of
from cadence_shared.errors import NullNotAllowed
from cadence_shared.pagination import PageParams, Paginated, paginate
from cadence_shared.time import utc_now
from fitness_service.base import EntryStatus, lock_user
from fitness_service.errors import (
    DietPlanIdTaken,
    DietPlanNotFound,
    DietPlanOverlap,
    FoodIdTaken,
    FoodLogIdTaken,
    FoodLogNotFound,
    FoodNotFound,
    PlannedEntryExists,
    UnknownFood,
)
from fitness_service.formulas import Macros
from fitness_service.nutrition.models import (
    DietPlan,
    DietPlanItem,
    DietPlanMeal,
    Food,
    FoodLog,
    FoodLogKind,
)
from fitness_service.nutrition.schemas import (
    REQUIRED_FOOD_FIELDS,
    DietPlanCreate,
    DietPlanPatch,
    FoodCreate,
    FoodLogCreate,
    FoodLogPatch,
    FoodPatch,
    FoodPublic,
    PlanMealIn,
)
from fitness_service.types import DateRange, Weekday

# --- foods --------------------------------------------------------------------------------------


def _live(user_id: Any) -> tuple[ColumnElement[bool], ...]:
    """The user's foods (``user_id`` a value or a ``bindparam``) not deleted."""
    return col(Food.user_id) == user_id, col(Food.deleted_at).is_(None)


def _live_foods(user_id: uuid.UUID) -> Select[Food]:
    return select(Food).where(*_live(user_id))


# The catalog's reads answer straight from the rows (cadence_shared.fastread), as FoodPublic.
FOOD_COLUMNS = fastread.columns_of(FoodPublic, table_of(Food))
_FOOD_BY_ID = fastread.Prepared(
    select(*FOOD_COLUMNS).where(col(Food.id) == bindparam("food_id"), *_live(bindparam("user_id")))
)


async def create_food(session: AsyncSession, *, user_id: uuid.UUID, data: FoodCreate) -> Food:
    now = utc_now()
    food = Food(
        **data.model_dump(exclude={"id"}),
        id=data.id or uuid.uuid4(),
        user_id=user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(food)
    await flush_or_conflict(session, FoodIdTaken())
    return food


async def get_food(session: AsyncSession, *, user_id: uuid.UUID, food_id: uuid.UUID) -> Food:
    food = await session.scalar(_live_foods(user_id).where(col(Food.id) == food_id))
    if food is None:
        raise FoodNotFound()
    return food


async def read_food(
    connection: AsyncConnection, *, user_id: uuid.UUID, food_id: uuid.UUID
) -> Response:
    """The live food as a ``FoodPublic``."""
    return await _FOOD_BY_ID.one(
        connection, missing=FoodNotFound(), food_id=food_id, user_id=user_id
    )


def food_search(user_id: uuid.UUID, query: str, status: EntryStatus) -> Select[Any]:
    """The caller's foods whose name or brand contains ``query`` (any case; ``%`` and ``_`` are
    plain characters), by relevance: the name equal to ``query`` first, then names starting
    with it, then the closest by trigram similarity (``pg_trgm``) of name or brand, then by name.

    The filter is the ILIKE the trigram GIN indexes serve; the ranking only orders the matches.
    """
    name, brand = col(Food.name), col(Food.brand)
    lowered = func.lower(query)
    rank = case(
        (func.lower(name) == lowered, 0),
        (func.starts_with(func.lower(name), lowered), 1),
        else_=2,
    )
    # greatest() skips a NULL brand.
    closeness = func.greatest(func.similarity(name, query), func.similarity(brand, query))
    return (
        select(*FOOD_COLUMNS)
        .where(
            *_live(user_id),
            col(Food.status) == status,
            or_(contains(name, query), contains(brand, query)),
        )
        .order_by(rank, closeness.desc(), name, col(Food.id))
    )


async def list_foods(
    connection: AsyncConnection,
    *,
    user_id: uuid.UUID,
    query: str | None,
    status: EntryStatus,
    page: PageParams,
) -> Response:
    """A ``Page[FoodPublic]`` of the catalog by name; with ``query``, the matches by relevance
    (``food_search``)."""
    if not query:
        statement = select(*FOOD_COLUMNS).where(*_live(user_id), col(Food.status) == status)
        return await fastread.page(
            connection, statement.order_by(col(Food.name), col(Food.id)), page
        )
    return await fastread.page(connection, food_search(user_id, query, status), page)


async def patch_food(
    session: AsyncSession, *, user_id: uuid.UUID, food_id: uuid.UUID, data: FoodPatch
) -> Food:
    changes = data.model_dump(exclude_unset=True)
    nulls = [name for name in REQUIRED_FOOD_FIELDS if name in changes and changes[name] is None]
    if nulls:
        raise NullNotAllowed(*nulls)
    food = await get_food(session, user_id=user_id, food_id=food_id)
    for name, value in changes.items():
        setattr(food, name, value)
    food.updated_at = utc_now()
    return food


async def delete_food(session: AsyncSession, *, user_id: uuid.UUID, food_id: uuid.UUID) -> None:
    """Soft delete: the food leaves the catalog and search; logs and plans keep showing it."""
    food = await get_food(session, user_id=user_id, food_id=food_id)
    food.deleted_at = food.updated_at = utc_now()


async def owned_foods(
    session: AsyncSession, *, user_id: uuid.UUID, food_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Food]:
    """The caller's live foods by id; any id that is not one of them is an ``UnknownFood``."""
    wanted = set(food_ids)
    if not wanted:
        return {}
    found = await session.scalars(_live_foods(user_id).where(col(Food.id).in_(wanted)))
    foods = {food.id: food for food in found}
    missing = sorted(wanted - foods.keys())
    if missing:
        raise UnknownFood(f"Food {missing[0]} is not in your catalog.", food_id=str(missing[0]))
    return foods


# --- diet plans ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedMeal:
    meal: DietPlanMeal
    items: list[tuple[DietPlanItem, Food]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PlanContents:
    plan: DietPlan
    meals: list[PlannedMeal]

    def target(self) -> Macros:
        total = Macros()
        for meal in self.meals:
            for item, food in meal.items:
                total += _food_macros(food).scaled(item.quantity)
        return total


def _food_macros(food: Food) -> Macros:
    return Macros(food.kcal, food.protein_g, food.carbs_g, food.fat_g)


def _live_plans(user_id: uuid.UUID) -> Select[DietPlan]:
    return select(DietPlan).where(
        col(DietPlan.user_id) == user_id, col(DietPlan.deleted_at).is_(None)
    )


async def _check_overlap(
    session: AsyncSession, *, user_id: uuid.UUID, plan_id: uuid.UUID, days: Sequence[int]
) -> None:
    """At most one active plan per weekday: the first clash names the plan and the weekday."""
    clashing = await session.scalars(
        _live_plans(user_id)
        .where(
            col(DietPlan.is_active),
            col(DietPlan.id) != plan_id,
            table_of(DietPlan).c.days_of_week.overlap(list(days)),
        )
        .order_by(col(DietPlan.created_at))
    )
    for other in clashing:
        weekday = Weekday.of_iso(min(set(other.days_of_week) & set(days)))
        raise DietPlanOverlap(
            f"Plan {other.name!r} is already active on {weekday.value}.",
            plan_id=str(other.id),
            plan_name=other.name,
            weekday=weekday.value,
        )


async def _replace_meals(
    session: AsyncSession, *, user_id: uuid.UUID, plan: DietPlan, meals: list[PlanMealIn]
) -> None:
    await owned_foods(
        session, user_id=user_id, food_ids=(item.food_id for meal in meals for item in meal.items)
    )
    await session.execute(delete(DietPlanMeal).where(col(DietPlanMeal.plan_id) == plan.id))
    planned = [
        DietPlanMeal(plan_id=plan.id, name=meal.name, position=position, time=meal.time)
        for position, meal in enumerate(meals)
    ]
    session.add_all(planned)
    await session.flush()  # the meals first: the items refer to them
    session.add_all(
        DietPlanItem(meal_id=meal.id, food_id=item.food_id, position=index, quantity=item.quantity)
        for meal, meal_in in zip(planned, meals, strict=True)
        for index, item in enumerate(meal_in.items)
    )
    await session.flush()


async def create_plan(
    session: AsyncSession, *, user_id: uuid.UUID, data: DietPlanCreate
) -> PlanContents:
    await lock_user(session, user_id)
    plan_id = data.id or uuid.uuid4()
    days = [day.iso for day in data.days_of_week]
    if data.is_active:
        await _check_overlap(session, user_id=user_id, plan_id=plan_id, days=days)
    now = utc_now()
    plan = DietPlan(
        id=plan_id,
        user_id=user_id,
        name=data.name,
        days_of_week=days,
        is_active=data.is_active,
        created_at=now,
        updated_at=now,
    )
    session.add(plan)
    await flush_or_conflict(session, DietPlanIdTaken())
    await _replace_meals(session, user_id=user_id, plan=plan, meals=data.meals)
    return await plan_contents(session, plan)


async def plan_contents(session: AsyncSession, plan: DietPlan) -> PlanContents:
    rows = await session.execute(
        select(DietPlanMeal, DietPlanItem, Food)
        .outerjoin(DietPlanItem, col(DietPlanItem.meal_id) == col(DietPlanMeal.id))
        .outerjoin(Food, col(Food.id) == col(DietPlanItem.food_id))
        .where(col(DietPlanMeal.plan_id) == plan.id)
        .order_by(col(DietPlanMeal.position), col(DietPlanItem.position))
    )
    meals: dict[uuid.UUID, PlannedMeal] = {}
    for meal, item, food in rows:
        planned = meals.setdefault(meal.id, PlannedMeal(meal))
        if item is not None and food is not None:
            planned.items.append((item, food))
    return PlanContents(plan, list(meals.values()))


async def _get_plan(session: AsyncSession, *, user_id: uuid.UUID, plan_id: uuid.UUID) -> DietPlan:
    plan = await session.scalar(_live_plans(user_id).where(col(DietPlan.id) == plan_id))
    if plan is None:
        raise DietPlanNotFound()
    return plan


async def get_plan(
    session: AsyncSession, *, user_id: uuid.UUID, plan_id: uuid.UUID
) -> PlanContents:
    return await plan_contents(session, await _get_plan(session, user_id=user_id, plan_id=plan_id))


async def list_plans(
    session: AsyncSession, *, user_id: uuid.UUID, page: PageParams
) -> Paginated[DietPlan]:
    statement = _live_plans(user_id).order_by(col(DietPlan.created_at), col(DietPlan.id))
    return await paginate(session, statement, page)


async def patch_plan(
    session: AsyncSession, *, user_id: uuid.UUID, plan_id: uuid.UUID, data: DietPlanPatch
) -> PlanContents:
    changes = data.model_dump(exclude_unset=True, exclude={"meals"})
    nulls = [name for name, value in changes.items() if value is None]
    if nulls:
        raise NullNotAllowed(*nulls)
    await lock_user(session, user_id)
    plan = await _get_plan(session, user_id=user_id, plan_id=plan_id)
    if data.days_of_week is not None:
        plan.days_of_week = [day.iso for day in data.days_of_week]
    if data.name is not None:
        plan.name = data.name
    if data.is_active is not None:
        plan.is_active = data.is_active
    if plan.is_active:
        await _check_overlap(session, user_id=user_id, plan_id=plan.id, days=plan.days_of_week)
    if data.meals is not None:
        await _replace_meals(session, user_id=user_id, plan=plan, meals=data.meals)
    plan.updated_at = utc_now()
    await session.flush()
    return await plan_contents(session, plan)


async def delete_plan(session: AsyncSession, *, user_id: uuid.UUID, plan_id: uuid.UUID) -> None:
    """Soft delete: the plan leaves every list, the day view and the adherence series."""
    plan = await _get_plan(session, user_id=user_id, plan_id=plan_id)
    plan.deleted_at = plan.updated_at = utc_now()


async def active_plan_on(
    session: AsyncSession, *, user_id: uuid.UUID, day: dt.date
) -> PlanContents | None:
    """The active plan whose weekdays include ``day``'s (plans carry no dates: the plan active
    now applies to every such day)."""
    plan = await session.scalar(
        _live_plans(user_id).where(
            col(DietPlan.is_active), col(DietPlan.days_of_week).contains([day.isoweekday()])
        )
    )
    return None if plan is None else await plan_contents(session, plan)


async def targets_by_weekday(session: AsyncSession, *, user_id: uuid.UUID) -> dict[int, Macros]:
    """For each ISO weekday with an active plan, what that plan adds up to."""
    quantity = col(DietPlanItem.quantity)
    rows = await session.execute(
        select(
            col(DietPlan.days_of_week),
            func.coalesce(func.sum(quantity * col(Food.kcal)), 0.0),
            func.coalesce(func.sum(quantity * col(Food.protein_g)), 0.0),
            func.coalesce(func.sum(quantity * col(Food.carbs_g)), 0.0),
            func.coalesce(func.sum(quantity * col(Food.fat_g)), 0.0),
        )
        .select_from(DietPlan)
        .outerjoin(DietPlanMeal, col(DietPlanMeal.plan_id) == col(DietPlan.id))
        .outerjoin(DietPlanItem, col(DietPlanItem.meal_id) == col(DietPlanMeal.id))
        .outerjoin(Food, col(Food.id) == col(DietPlanItem.food_id))
        .where(
            col(DietPlan.user_id) == user_id,
            col(DietPlan.deleted_at).is_(None),
            col(DietPlan.is_active),
        )
        .group_by(col(DietPlan.id))
    )
    targets: dict[int, Macros] = {}
    for days, kcal, protein, carbs, fat in rows:
        for day in days:
            targets[day] = Macros(float(kcal), float(protein), float(carbs), float(fat))
    return targets


# --- food logs ----------------------------------------------------------------------------------

PLANNED_ONLY = text("kind = 'planned'")  # the predicate of the planned entries' unique index


@dataclass(frozen=True, slots=True)
class LoggedFood:
    log: FoodLog
    food: Food
    created: bool = True  # False: an upsert that changed an entry, or a retried id


async def _upsert_planned(
    session: AsyncSession, *, user_id: uuid.UUID, data: FoodLogCreate, now: dt.datetime
) -> tuple[FoodLog, bool]:
    statement = (
        insert(FoodLog)
        .values(
            id=data.id or uuid.uuid4(),
            user_id=user_id,
            date=data.date,
            meal=data.meal,
            food_id=data.food_id,
            quantity=data.quantity,
            kind=FoodLogKind.planned,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(
            index_elements=[
                col(FoodLog.user_id),
                col(FoodLog.date),
                col(FoodLog.meal),
                col(FoodLog.food_id),
            ],
            # A literal, as in the index: a bound parameter stops matching the partial index
            # once the prepared statement's plan turns generic.
            index_where=PLANNED_ONLY,
            set_={"quantity": data.quantity, "updated_at": now},
        )
        .returning(FoodLog)
    )
    try:
        log = (
            await session.scalars(
                select(FoodLog).from_statement(statement).execution_options(populate_existing=True)
            )
        ).one()
    except IntegrityError as exc:  # the client's id is already another entry's
        await session.rollback()
        raise FoodLogIdTaken() from exc
    # An update keeps the entry's first created_at; only a new row carries this call's.
    return log, log.created_at == now


async def _insert_ad_hoc(
    session: AsyncSession, *, user_id: uuid.UUID, data: FoodLogCreate, now: dt.datetime
) -> tuple[FoodLog, bool]:
    log_id = data.id or uuid.uuid4()
    statement = (
        insert(FoodLog)
        .values(
            id=log_id,
            user_id=user_id,
            date=data.date,
            meal=data.meal,
            food_id=data.food_id,
            quantity=data.quantity,
            kind=FoodLogKind.ad_hoc,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[col(FoodLog.id)])
        .returning(FoodLog)
    )
    log = await session.scalar(select(FoodLog).from_statement(statement))
    if log is not None:
        return log, True
    existing = await session.get(FoodLog, log_id)
    if existing is None or existing.user_id != user_id:
        raise FoodLogIdTaken()
    return existing, False  # the same entry sent again (a retry): it is not logged twice


async def log_food(session: AsyncSession, *, user_id: uuid.UUID, data: FoodLogCreate) -> LoggedFood:
    """A planned entry upserts by (user, date, meal, food); an ad-hoc one is new, and its
    client id makes a retry harmless."""
    foods = await owned_foods(session, user_id=user_id, food_ids=[data.food_id])
    now = utc_now()
    if data.kind == FoodLogKind.planned:
        log, created = await _upsert_planned(session, user_id=user_id, data=data, now=now)
    else:
        log, created = await _insert_ad_hoc(session, user_id=user_id, data=data, now=now)
    return LoggedFood(log, foods[data.food_id], created)


async def get_food_log(
    session: AsyncSession, *, user_id: uuid.UUID, log_id: uuid.UUID
) -> LoggedFood:
    row = (
        await session.execute(
            select(FoodLog, Food)
            .join(Food, col(Food.id) == col(FoodLog.food_id))
            .where(col(FoodLog.id) == log_id, col(FoodLog.user_id) == user_id)
        )
    ).first()
    if row is None:
        raise FoodLogNotFound()
    return LoggedFood(row[0], row[1], created=False)


def _logs_with_foods(user_id: uuid.UUID) -> Select[FoodLog, Food]:
    return (
        select(FoodLog, Food)
        .join(Food, col(Food.id) == col(FoodLog.food_id))
        .where(col(FoodLog.user_id) == user_id)
    )


async def list_food_logs(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    days: DateRange | None,
    meal: str | None,
    status: EntryStatus,
    page: PageParams,
) -> Paginated[LoggedFood]:
    """Newest day first; the page's foods come in one more query."""
    statement = select(FoodLog).where(
        col(FoodLog.user_id) == user_id, col(FoodLog.status) == status
    )
    if days is not None:
        statement = statement.where(col(FoodLog.date).between(days.first, days.last))
    if meal is not None:
        statement = statement.where(col(FoodLog.meal) == meal)
    logs = await paginate(
        session,
        statement.order_by(col(FoodLog.date).desc(), col(FoodLog.created_at), col(FoodLog.id)),
        page,
    )
    food_ids = {log.food_id for log in logs.items}
    foods = {
        food.id: food
        for food in await session.scalars(select(Food).where(col(Food.id).in_(food_ids)))
    }
    items = [LoggedFood(log, foods[log.food_id], created=False) for log in logs.items]
    return Paginated(items, logs.total, page)


async def patch_food_log(
    session: AsyncSession, *, user_id: uuid.UUID, log_id: uuid.UUID, data: FoodLogPatch
) -> LoggedFood:
    changes = data.model_dump(exclude_unset=True)
    nulls = [name for name, value in changes.items() if value is None]
    if nulls:
        raise NullNotAllowed(*nulls)
    logged = await get_food_log(session, user_id=user_id, log_id=log_id)
    for name, value in changes.items():
        setattr(logged.log, name, value)
    logged.log.updated_at = utc_now()
    if logged.log.kind == FoodLogKind.planned and {"meal", "date"} & changes.keys():
        clash = await session.scalar(
            select(col(FoodLog.id)).where(
                col(FoodLog.user_id) == user_id,
                col(FoodLog.kind) == FoodLogKind.planned,
                col(FoodLog.date) == logged.log.date,
                col(FoodLog.meal) == logged.log.meal,
                col(FoodLog.food_id) == logged.log.food_id,
                col(FoodLog.id) != log_id,
            )
        )
        if clash is not None:
            await session.rollback()
            raise PlannedEntryExists(food_log_id=str(clash))
    await session.flush()
    return logged


async def delete_food_log(session: AsyncSession, *, user_id: uuid.UUID, log_id: uuid.UUID) -> None:
    logged = await get_food_log(session, user_id=user_id, log_id=log_id)
    await session.delete(logged.log)


# --- the day view and the adherence series -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayDiet:
    day: dt.date
    plan: PlanContents | None
    entries: list[LoggedFood]
    drafts: list[LoggedFood]

    def logged(self) -> Macros:
        total = Macros()
        for entry in self.entries:
            total += _food_macros(entry.food).scaled(entry.log.quantity)
        return total


async def day_diet(session: AsyncSession, *, user_id: uuid.UUID, day: dt.date) -> DayDiet:
    plan = await active_plan_on(session, user_id=user_id, day=day)
    rows = await session.execute(
        _logs_with_foods(user_id)
        .where(col(FoodLog.date) == day)
        .order_by(col(FoodLog.meal), col(FoodLog.created_at), col(FoodLog.id))
    )
    entries: list[LoggedFood] = []
    drafts: list[LoggedFood] = []
    for log, food in rows:
        target = entries if log.status == EntryStatus.confirmed else drafts
        target.append(LoggedFood(log, food, created=False))
    return DayDiet(day, plan, entries, drafts)


async def logged_by_day(
    session: AsyncSession, *, user_id: uuid.UUID, days: DateRange
) -> dict[dt.date, Macros]:
    """What was logged (confirmed entries) per day of ``days``; days without entries are absent."""
    quantity = col(FoodLog.quantity)
    rows = await session.execute(
        select(
            col(FoodLog.date),
            func.sum(quantity * col(Food.kcal)),
            func.sum(quantity * col(Food.protein_g)),
            func.sum(quantity * col(Food.carbs_g)),
            func.sum(quantity * col(Food.fat_g)),
        )
        .join(Food, col(Food.id) == col(FoodLog.food_id))
        .where(
            col(FoodLog.user_id) == user_id,
            col(FoodLog.status) == EntryStatus.confirmed,
            col(FoodLog.date).between(days.first, days.last),
        )
        .group_by(col(FoodLog.date))
    )
    return {
        day: Macros(float(kcal), float(protein), float(carbs), float(fat))
        for day, kcal, protein, carbs, fat in rows
    }


async def confirm_drafts(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """The foods and food logs drafted from OCR job ``job_id`` become ordinary ones."""
    now = utc_now()
    await session.execute(
        update(Food)
        .where(col(Food.user_id) == user_id, col(Food.source_job_id) == job_id)
        .values(status=EntryStatus.confirmed, updated_at=now)
    )
    await session.execute(
        update(FoodLog)
        .where(col(FoodLog.user_id) == user_id, col(FoodLog.source_job_id) == job_id)
        .values(status=EntryStatus.confirmed, updated_at=now)
    )


async def drafted(
    session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID
) -> tuple[list[Food], list[LoggedFood]]:
    """What OCR job ``job_id`` drafted: its foods and food logs, by food name."""
    foods = await session.scalars(
        _live_foods(user_id)
        .where(col(Food.source_job_id) == job_id)
        .order_by(col(Food.name), col(Food.id))
    )
    rows = await session.execute(
        _logs_with_foods(user_id)
        .where(col(FoodLog.source_job_id) == job_id)
        .order_by(col(Food.name), col(FoodLog.id))
    )
    return list(foods), [LoggedFood(log, food, created=False) for log, food in rows]


async def discard_drafts(session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """Deletes the job's draft logs; its foods leave the catalog (soft delete: the user may have
    used one in a plan or an entry of their own meanwhile)."""
    await session.execute(
        delete(FoodLog).where(col(FoodLog.user_id) == user_id, col(FoodLog.source_job_id) == job_id)
    )
    now = utc_now()
    await session.execute(
        update(Food)
        .where(col(Food.user_id) == user_id, col(Food.source_job_id) == job_id)
        .values(deleted_at=now, updated_at=now)
    )


async def erase_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Every food, plan and log of the user (plans' meals and items cascade)."""
    await session.execute(delete(FoodLog).where(col(FoodLog.user_id) == user_id))
    await session.execute(delete(DietPlan).where(col(DietPlan.user_id) == user_id))
    await session.execute(delete(Food).where(col(Food.user_id) == user_id))
