"""HTTP routes of nutrition: parse, call the service, commit, shape the answer."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from cadence_shared.deps import CurrentPrincipal, PageDep, ReadConnectionDep, SessionDep
from cadence_shared.idempotency import IdempotencyDep
from cadence_shared.openapi import problems
from cadence_shared.pagination import Page
from fitness_service.base import EntryStatus
from fitness_service.formulas import ADHERENCE_FORMULA, adherence
from fitness_service.nutrition import service
from fitness_service.nutrition.schemas import (
    DayDiet,
    DietPlanCreate,
    DietPlanPatch,
    DietPlanPublic,
    DietPlanSummary,
    FoodCreate,
    FoodLogCreate,
    FoodLogPatch,
    FoodLogPublic,
    FoodPatch,
    FoodPublic,
    MacroTargets,
    Nutrients,
    PlanItemPublic,
    PlanMealPublic,
    PlanRef,
)
from fitness_service.responses import FOOD_LOGS_SCOPE, no_content, write_once
from fitness_service.types import DateRange, Day, MealName, SearchText, Weekday, optional_date_range

router = APIRouter(prefix="/api/v1", tags=["nutrition"])


def _meals(contents: service.PlanContents) -> list[PlanMealPublic]:
    meals = []
    for planned in contents.meals:
        items = [
            PlanItemPublic(
                id=item.id,
                position=item.position,
                quantity=item.quantity,
                food=FoodPublic.model_validate(food),
                nutrients=Nutrients.of(food, item.quantity),
            )
            for item, food in planned.items
        ]
        meals.append(
            PlanMealPublic(
                id=planned.meal.id,
                name=planned.meal.name,
                position=planned.meal.position,
                time=planned.meal.time,
                items=items,
                totals=Nutrients.total(item.nutrients for item in items),
            )
        )
    return meals


def _plan(contents: service.PlanContents) -> DietPlanPublic:
    plan = contents.plan
    meals = _meals(contents)
    return DietPlanPublic(
        id=plan.id,
        name=plan.name,
        days_of_week=[Weekday.of_iso(day) for day in plan.days_of_week],
        is_active=plan.is_active,
        meals=meals,
        totals=Nutrients.total(meal.totals for meal in meals),
        created_at=plan.created_at,
        updated_at=plan.updated_at,
    )


def _log(logged: service.LoggedFood) -> FoodLogPublic:
    return FoodLogPublic.of(logged.log, logged.food)


# --- foods --------------------------------------------------------------------------------------


@router.post(
    "/foods",
    summary="Add a food to the caller's catalog",
    status_code=status.HTTP_201_CREATED,
    responses=problems(409),
)
async def create_food(
    data: FoodCreate, session: SessionDep, principal: CurrentPrincipal
) -> FoodPublic:
    """A food with its nutrients per serving (`serving_size` in `serving_unit`); a
    client-generated `id` already used is a 409 `food_id_taken`."""
    food = await service.create_food(session, user_id=principal.user_id, data=data)
    await session.commit()
    return FoodPublic.model_validate(food)


@router.get("/foods", response_model=Page[FoodPublic], summary="List or search the caller's foods")
async def list_foods(
    connection: ReadConnectionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[
        SearchText | None,
        Query(
            description="Searches name and brand (contains, any case); results by relevance: "
            "the exact name first, then names starting with it, then by trigram similarity "
            "of name or brand, then by name"
        ),
    ] = None,
    status_: Annotated[EntryStatus, Query(alias="status")] = EntryStatus.confirmed,
) -> Response:
    """Confirmed foods by default (`status=draft` lists those an OCR job drafted), searched by
    name and brand with `q`.
    """
    return await service.list_foods(
        connection, user_id=principal.user_id, query=q, status=status_, page=page
    )


@router.get("/foods/{food_id}", response_model=FoodPublic, summary="Read a food")
async def get_food(
    food_id: uuid.UUID, connection: ReadConnectionDep, principal: CurrentPrincipal
) -> Response:
    """One food of the caller's catalog."""
    return await service.read_food(connection, user_id=principal.user_id, food_id=food_id)


@router.patch("/foods/{food_id}", summary="Change some fields of a food")
async def patch_food(
    food_id: uuid.UUID, data: FoodPatch, session: SessionDep, principal: CurrentPrincipal
) -> FoodPublic:
    """Only the fields in the body change."""
    food = await service.patch_food(session, user_id=principal.user_id, food_id=food_id, data=data)
    await session.commit()
    return FoodPublic.model_validate(food)


@router.delete("/foods/{food_id}", summary="Delete a food", status_code=status.HTTP_204_NO_CONTENT)
async def delete_food(
    food_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes the food from the caller's catalog."""
    await service.delete_food(session, user_id=principal.user_id, food_id=food_id)
    await session.commit()
    return no_content()


# --- diet plans ---------------------------------------------------------------------------------


@router.post(
    "/diet-plans",
    summary="Create a diet plan",
    status_code=status.HTTP_201_CREATED,
    responses=problems(409),
)
async def create_plan(
    data: DietPlanCreate, session: SessionDep, principal: CurrentPrincipal
) -> DietPlanPublic:
    """A plan of meals (each a list of foods and quantities) for some weekdays. At most one active
    plan per weekday: another active one on a weekday is a 409 `diet_plan_overlap`.
    """
    contents = await service.create_plan(session, user_id=principal.user_id, data=data)
    await session.commit()
    return _plan(contents)


@router.get("/diet-plans", summary="List the caller's diet plans")
async def list_plans(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[DietPlanSummary]:
    """Each plan without its meals."""
    found = await service.list_plans(session, user_id=principal.user_id, page=page)
    return found.to_page(
        lambda plan: DietPlanSummary(
            id=plan.id,
            name=plan.name,
            days_of_week=[Weekday.of_iso(day) for day in plan.days_of_week],
            is_active=plan.is_active,
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )
    )


@router.get("/diet-plans/{plan_id}", summary="Read a diet plan")
async def get_plan(
    plan_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> DietPlanPublic:
    """The plan with its meals, their foods and the nutrient totals."""
    return _plan(await service.get_plan(session, user_id=principal.user_id, plan_id=plan_id))


@router.patch("/diet-plans/{plan_id}", summary="Change a diet plan", responses=problems(409))
async def patch_plan(
    plan_id: uuid.UUID, data: DietPlanPatch, session: SessionDep, principal: CurrentPrincipal
) -> DietPlanPublic:
    """Only the fields in the body change (`meals` replaces every meal); activating it where
    another active plan covers a weekday is a 409 `diet_plan_overlap`.
    """
    contents = await service.patch_plan(
        session, user_id=principal.user_id, plan_id=plan_id, data=data
    )
    await session.commit()
    return _plan(contents)


@router.delete(
    "/diet-plans/{plan_id}", summary="Delete a diet plan", status_code=status.HTTP_204_NO_CONTENT
)
async def delete_plan(
    plan_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes the plan and its meals; logged food stays."""
    await service.delete_plan(session, user_id=principal.user_id, plan_id=plan_id)
    await session.commit()
    return no_content()


# --- food logs ----------------------------------------------------------------------------------


@router.post(
    "/food-logs",
    summary="Log food eaten",
    status_code=status.HTTP_201_CREATED,
    response_model=FoodLogPublic,
    responses={
        **problems(409),
        200: {"model": FoodLogPublic, "description": "An existing entry, changed or sent again"},
    },
)
async def log_food(
    data: FoodLogCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    idempotency: IdempotencyDep,
) -> Response:
    """201 for a new entry; 200 when a planned entry's quantity was replaced or an entry's
    client id was sent again. ``Idempotency-Key`` replays the first response."""

    async def log() -> tuple[FoodLogPublic, bool]:
        logged = await service.log_food(session, user_id=principal.user_id, data=data)
        return _log(logged), logged.created

    return await write_once(idempotency, session, scope=FOOD_LOGS_SCOPE, request=data, write=log)


@router.get("/food-logs", summary="List the caller's food log")
async def list_food_logs(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    days: Annotated[DateRange | None, Depends(optional_date_range)],
    meal: MealName | None = None,
    status_: Annotated[EntryStatus, Query(alias="status")] = EntryStatus.confirmed,
) -> Page[FoodLogPublic]:
    """Confirmed entries by default, optionally for the days `from`..`to` and one meal."""
    found = await service.list_food_logs(
        session, user_id=principal.user_id, days=days, meal=meal, status=status_, page=page
    )
    return found.to_page(_log)


@router.get("/food-logs/{log_id}", summary="Read a food log entry")
async def get_food_log(
    log_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> FoodLogPublic:
    """One entry with its food and nutrients."""
    return _log(await service.get_food_log(session, user_id=principal.user_id, log_id=log_id))


@router.patch("/food-logs/{log_id}", summary="Change a food log entry")
async def patch_food_log(
    log_id: uuid.UUID, data: FoodLogPatch, session: SessionDep, principal: CurrentPrincipal
) -> FoodLogPublic:
    """Only the fields in the body change (quantity, meal, date)."""
    logged = await service.patch_food_log(
        session, user_id=principal.user_id, log_id=log_id, data=data
    )
    await session.commit()
    return _log(logged)


@router.delete(
    "/food-logs/{log_id}", summary="Delete a food log entry", status_code=status.HTTP_204_NO_CONTENT
)
async def delete_food_log(
    log_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Removes the entry; it leaves the day's totals."""
    await service.delete_food_log(session, user_id=principal.user_id, log_id=log_id)
    await session.commit()
    return no_content()


# --- the day view -------------------------------------------------------------------------------


@router.get(
    "/days/{day}/diet",
    summary="One day's diet: plan, log, totals, adherence",
    description=f"The active plan's meals for the day's weekday, what was logged (planned and ad hoc), totals, targets (the plan's sum; null without a plan) and {ADHERENCE_FORMULA} Drafts (from OCR, not yet confirmed) are listed apart and count in no total. Units: kcal, and g for protein, carbs, fat, fibre and sugar, mg for sodium.",
)
async def day_diet(day: Day, session: SessionDep, principal: CurrentPrincipal) -> DayDiet:
    found = await service.day_diet(session, user_id=principal.user_id, day=day)
    target = found.plan.target() if found.plan is not None else None
    entries = [_log(entry) for entry in found.entries]
    return DayDiet(
        date=day,
        weekday=Weekday.of_iso(day.isoweekday()),
        plan=PlanRef(id=found.plan.plan.id, name=found.plan.plan.name) if found.plan else None,
        meals=_meals(found.plan) if found.plan is not None else [],
        entries=entries,
        drafts=[_log(entry) for entry in found.drafts],
        totals=Nutrients.total(entry.nutrients for entry in entries),
        targets=MacroTargets.of(target) if target is not None else None,
        adherence=adherence(found.logged(), target),
    )
