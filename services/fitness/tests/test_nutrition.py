"""Foods (CRUD, search), diet plans (one active plan per weekday), food logs (planned upsert,
ad hoc, client ids, Idempotency-Key) and the day view."""

import asyncio
import hashlib
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import jsonschema_rs
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing import TestUser
from fitness_service.base import EntryStatus
from fitness_service.nutrition.service import food_search

Payload = Callable[..., dict[str, Any]]
CreateFood = Callable[..., Awaitable[dict[str, Any]]]
CountRows = Callable[..., Awaitable[int]]
MONDAY = "2026-05-04"


async def test_food_crud(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], food_payload: Payload
) -> None:
    user = make_user()
    food_id = str(uuid.uuid4())
    created = await client.post(
        "/api/v1/foods", json=food_payload(id=food_id, sodium_mg=5), headers=user.headers
    )
    assert created.status_code == 201, created.text
    food = created.json()
    assert (food["id"], food["name"], food["kcal"], food["status"]) == (
        food_id,
        "Oats",
        380,
        "confirmed",
    )
    url = f"/api/v1/foods/{food_id}"
    assert (await client.get(url, headers=user.headers)).json() == food

    patched = await client.patch(url, json={"kcal": 370, "brand": None}, headers=user.headers)
    assert patched.status_code == 200
    assert (patched.json()["kcal"], patched.json()["brand"], patched.json()["protein_g"]) == (
        370,
        None,
        13,
    )
    refused = await client.patch(url, json={"name": None}, headers=user.headers)
    assert (refused.status_code, refused.json()["code"]) == (422, "null_not_allowed")

    again = await client.post("/api/v1/foods", json=food_payload(id=food_id), headers=user.headers)
    assert (again.status_code, again.json()["code"]) == (409, "food_id_taken")

    assert (await client.delete(url, headers=user.headers)).status_code == 204
    gone = await client.get(url, headers=user.headers)
    assert (gone.status_code, gone.json()["code"]) == (404, "food_not_found")
    assert (await client.get("/api/v1/foods", headers=user.headers)).json()["total"] == 0


async def test_food_search_on_name_and_brand_by_relevance(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_food: CreateFood
) -> None:
    user, other = make_user(), make_user()
    # similarity(text, 'chicken') in pg_trgm: "Chicken Co" 0.8, "Chicken tikka" and "Roast
    # chicken" 0.571, "Chicken breast fillet, skinless" 0.258, "Grilled chicken wrap with extra
    # cheese" 0.222, "Rice" 0.
    for name, brand in [
        ("Grilled chicken wrap with extra cheese", None),
        ("Rice", "Chicken Co"),
        ("Roast chicken", None),
        ("Chicken breast fillet, skinless", "Farm"),
        ("Chicken tikka", None),
        ("chicken", None),
        ("Chickpea curry", None),
        ("100% rye bread", "Bakery"),
        ("Apple", "Farm"),
    ]:
        await create_food(user, name=name, brand=brand)
    await create_food(other, name="Chicken")

    async def search(q: str, **params: Any) -> list[str]:
        response = await client.get(
            "/api/v1/foods", params={"q": q, **params}, headers=user.headers
        )
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]

    # The exact name (any case), then the names starting with it by similarity (0.571 before
    # 0.258, against the alphabet), then every other match by similarity of name or brand: the
    # brand "Chicken Co" (0.8) puts "Rice" before "Roast chicken" (0.571) and "Grilled ..." last.
    ranked = [
        "chicken",
        "Chicken tikka",
        "Chicken breast fillet, skinless",
        "Rice",
        "Roast chicken",
        "Grilled chicken wrap with extra cheese",
    ]
    assert await search("CHICKEN") == ranked
    assert await search("  chicken ") == ranked  # surrounding spaces do not count
    assert await search("chicken", limit=2, offset=1) == ranked[1:3]
    # "chick" starts four names: "chicken" 0.556, then "Chicken tikka" and "Chickpea curry" tied
    # at 0.333 (by name), then "Chicken breast fillet, skinless" 0.156.
    assert (await search("chick"))[:4] == [
        "chicken",
        "Chicken tikka",
        "Chickpea curry",
        "Chicken breast fillet, skinless",
    ]
    # Equal similarity (a brand equal to the term): by name.
    assert await search("farm") == ["Apple", "Chicken breast fillet, skinless"]
    assert await search("100%") == ["100% rye bread"]  # % is a plain character
    assert await search("0%_") == []
    listed = (await client.get("/api/v1/foods", headers=user.headers)).json()
    assert listed["total"] == 9
    assert [item["name"] for item in listed["items"]][:2] == ["100% rye bread", "Apple"]


async def test_food_search_uses_the_trigram_indexes(engine: AsyncEngine) -> None:
    """The statement the route runs, ranking included, on a 10,000-food catalog: the planner
    filters through both trigram indexes (a bitmap OR), then sorts the few matches."""
    user_id = uuid.uuid4()
    term = hashlib.md5(b"1234").hexdigest()[:8]
    statement = food_search(user_id, term, EntryStatus.confirmed).limit(20)
    sql = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO fitness.food (id, user_id, name, brand, serving_size, serving_unit,"
                " kcal, protein_g, carbs_g, fat_g, status)"
                " SELECT gen_random_uuid(), :user, 'food ' || md5(n::text), 'brand ' || n, 100, 'g',"
                " 100, 1, 1, 1, 'confirmed' FROM generate_series(1, 10000) AS n"
            ),
            {"user": user_id},
        )
        await connection.execute(text("ANALYZE fitness.food"))
        found = (await connection.exec_driver_sql(sql)).all()
        plan = await connection.exec_driver_sql(f"EXPLAIN {sql}")
        lines = "\n".join(row[0] for row in plan)
    assert [row.name for row in found] == [f"food {hashlib.md5(b'1234').hexdigest()}"]
    assert "ix_food_name_trgm" in lines and "ix_food_brand_trgm" in lines, lines


def _plan(name: str, days: list[str], *meals: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"name": name, "days_of_week": days, "meals": list(meals), **fields}


def _meal(name: str, *items: tuple[str, float], time: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "time": time,
        "items": [{"food_id": food_id, "quantity": quantity} for food_id, quantity in items],
    }


async def test_diet_plan_crud_with_meals_and_totals(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_food: CreateFood
) -> None:
    user = make_user()
    oats = await create_food(user)
    egg = await create_food(user, name="Egg", kcal=70, protein_g=6, carbs_g=0.5, fat_g=5)
    body = _plan(
        "Cut",
        ["wednesday", "monday"],
        _meal("Breakfast", (oats["id"], 0.5), (egg["id"], 2), time="07:30"),
        _meal("Dinner", (egg["id"], 3)),
    )
    created = await client.post("/api/v1/diet-plans", json=body, headers=user.headers)
    assert created.status_code == 201, created.text
    plan = created.json()
    assert plan["days_of_week"] == ["monday", "wednesday"]
    breakfast, dinner = plan["meals"]
    assert (breakfast["position"], breakfast["time"], dinner["position"]) == (0, "07:30:00", 1)
    # The body conforms to the published schema, formats included (schemathesis found the
    # meal's local time off a `format: time`, which RFC 3339 gives an offset).
    spec = (await client.get("/openapi.json")).json()
    validator = jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/DietPlanPublic", "components": spec["components"]},
        validate_formats=True,
    )
    assert list(validator.iter_errors(plan)) == []
    assert [item["food"]["name"] for item in breakfast["items"]] == ["Oats", "Egg"]
    assert breakfast["totals"]["kcal"] == 190 + 140
    assert plan["totals"]["kcal"] == 190 + 140 + 210
    assert plan["totals"]["protein_g"] == 6.5 + 12 + 18

    url = f"/api/v1/diet-plans/{plan['id']}"
    assert (await client.get(url, headers=user.headers)).json() == plan
    patched = await client.patch(
        url, json={"name": "Lean", "meals": [_meal("Lunch", (oats["id"], 1))]}, headers=user.headers
    )
    assert patched.status_code == 200, patched.text
    assert [m["name"] for m in patched.json()["meals"]] == ["Lunch"]
    assert patched.json()["totals"]["kcal"] == 380
    listed = (await client.get("/api/v1/diet-plans", headers=user.headers)).json()
    assert [(p["name"], p["days_of_week"]) for p in listed["items"]] == [
        ("Lean", ["monday", "wednesday"])
    ]
    assert (await client.delete(url, headers=user.headers)).status_code == 204
    assert (await client.get(url, headers=user.headers)).status_code == 404
    assert (await client.get("/api/v1/diet-plans", headers=user.headers)).json()["total"] == 0


async def test_one_active_plan_per_weekday(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], count_rows: CountRows
) -> None:
    user = make_user()
    first = await client.post(
        "/api/v1/diet-plans", json=_plan("Cut", ["monday", "friday"]), headers=user.headers
    )
    assert first.status_code == 201
    cut = first.json()

    clash = await client.post(
        "/api/v1/diet-plans", json=_plan("Bulk", ["sunday", "friday"]), headers=user.headers
    )
    assert clash.status_code == 409
    problem = clash.json()
    assert problem["code"] == "diet_plan_overlap"
    assert (problem["plan_id"], problem["plan_name"], problem["weekday"]) == (
        cut["id"],
        "Cut",
        "friday",
    )
    assert "Cut" in problem["detail"] and "friday" in problem["detail"]
    assert (
        await count_rows("SELECT count(*) FROM fitness.diet_plan WHERE user_id = :u", u=user.id)
        == 1
    )

    # An inactive plan may share weekdays; activating it is the same 409.
    inactive = await client.post(
        "/api/v1/diet-plans",
        json=_plan("Bulk", ["friday"], is_active=False),
        headers=user.headers,
    )
    assert inactive.status_code == 201
    bulk_url = f"/api/v1/diet-plans/{inactive.json()['id']}"
    activated = await client.patch(bulk_url, json={"is_active": True}, headers=user.headers)
    assert (activated.status_code, activated.json()["weekday"]) == (409, "friday")
    moved = await client.patch(
        bulk_url, json={"is_active": True, "days_of_week": ["saturday"]}, headers=user.headers
    )
    assert moved.status_code == 200 and moved.json()["is_active"] is True

    # A deleted plan frees its weekdays; another user's plans never clash.
    await client.delete(f"/api/v1/diet-plans/{cut['id']}", headers=user.headers)
    again = await client.post(
        "/api/v1/diet-plans", json=_plan("New", ["friday"]), headers=user.headers
    )
    assert again.status_code == 201
    other = make_user()
    theirs = await client.post(
        "/api/v1/diet-plans", json=_plan("Theirs", ["friday"]), headers=other.headers
    )
    assert theirs.status_code == 201


async def test_concurrent_plans_for_one_weekday_leave_one_active(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], count_rows: CountRows
) -> None:
    user = make_user()
    responses = await asyncio.gather(
        *(
            client.post(
                "/api/v1/diet-plans", json=_plan(f"Plan {n}", ["monday"]), headers=user.headers
            )
            for n in range(6)
        )
    )
    codes = sorted(response.status_code for response in responses)
    assert codes == [201, 409, 409, 409, 409, 409], codes
    [winner] = [r.json() for r in responses if r.status_code == 201]
    for response in responses:
        if response.status_code == 409:
            assert (response.json()["plan_id"], response.json()["weekday"]) == (
                winner["id"],
                "monday",
            )
    sql = "SELECT count(*) FROM fitness.diet_plan WHERE user_id = :u AND is_active"
    assert await count_rows(sql, u=user.id) == 1


async def test_deleted_foods_and_plans_are_soft_deleted(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    count_rows: CountRows,
) -> None:
    """A deleted food leaves the catalog and search, but the entries and plans that use it keep
    showing it; a deleted plan leaves every list and the day view, its row stays."""
    user = make_user()
    oats = await create_food(user)
    plan = await client.post(
        "/api/v1/diet-plans",
        json=_plan("Cut", ["monday"], _meal("Breakfast", (oats["id"], 1))),
        headers=user.headers,
    )
    entry = await client.post(
        "/api/v1/food-logs", json=_entry(oats["id"], 2, kind="planned"), headers=user.headers
    )
    assert (plan.status_code, entry.status_code) == (201, 201)
    assert (
        await client.delete(f"/api/v1/foods/{oats['id']}", headers=user.headers)
    ).status_code == 204

    search = await client.get("/api/v1/foods", params={"q": "oats"}, headers=user.headers)
    assert search.json()["total"] == 0
    logged = await client.get(f"/api/v1/food-logs/{entry.json()['id']}", headers=user.headers)
    assert (logged.json()["food"]["name"], logged.json()["nutrients"]["kcal"]) == ("Oats", 760)
    day = (await client.get(f"/api/v1/days/{MONDAY}/diet", headers=user.headers)).json()
    assert (day["targets"]["kcal"], day["totals"]["kcal"], day["adherence"]) == (380, 760, 0.0)
    again = await client.post(
        "/api/v1/food-logs", json=_entry(oats["id"], 1, meal="Lunch"), headers=user.headers
    )
    assert (again.status_code, again.json()["code"]) == (422, "unknown_food")

    plan_url = f"/api/v1/diet-plans/{plan.json()['id']}"
    assert (await client.delete(plan_url, headers=user.headers)).status_code == 204
    day = (await client.get(f"/api/v1/days/{MONDAY}/diet", headers=user.headers)).json()
    assert (day["plan"], day["adherence"], day["totals"]["kcal"]) == (None, None, 760)
    assert (await client.delete(plan_url, headers=user.headers)).status_code == 404
    kept = "SELECT count(*) FROM fitness.{} WHERE user_id = :u AND deleted_at IS NOT NULL"
    assert await count_rows(kept.format("food"), u=user.id) == 1
    assert await count_rows(kept.format("diet_plan"), u=user.id) == 1


async def test_plan_with_a_food_not_in_the_catalog_is_422_and_stores_nothing(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    count_rows: CountRows,
) -> None:
    user, other = make_user(), make_user()
    theirs = await create_food(other)
    response = await client.post(
        "/api/v1/diet-plans",
        json=_plan("Cut", ["monday"], _meal("Breakfast", (theirs["id"], 1))),
        headers=user.headers,
    )
    assert (response.status_code, response.json()["code"]) == (422, "unknown_food")
    assert response.json()["food_id"] == theirs["id"]
    assert (
        await count_rows("SELECT count(*) FROM fitness.diet_plan WHERE user_id = :u", u=user.id)
        == 0
    )


def _entry(food_id: str, quantity: float = 1, **fields: Any) -> dict[str, Any]:
    return {"date": MONDAY, "meal": "Breakfast", "food_id": food_id, "quantity": quantity, **fields}


async def test_planned_entries_upsert_by_date_meal_and_food(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    count_rows: CountRows,
) -> None:
    user = make_user()
    oats = await create_food(user)
    first = await client.post(
        "/api/v1/food-logs", json=_entry(oats["id"], 1, kind="planned"), headers=user.headers
    )
    assert first.status_code == 201, first.text
    assert first.json()["food"]["name"] == "Oats"
    assert first.json()["nutrients"]["kcal"] == 380

    second = await client.post(
        "/api/v1/food-logs",
        json=_entry(oats["id"], 1.5, kind="planned", id=str(uuid.uuid4())),
        headers=user.headers,
    )
    assert second.status_code == 200, second.text
    assert (second.json()["id"], second.json()["quantity"]) == (first.json()["id"], 1.5)
    assert second.json()["nutrients"]["kcal"] == 570
    assert second.json()["food"]["id"] == oats["id"]

    # Another meal, another day, or an ad-hoc entry is another row.
    for body in (
        _entry(oats["id"], kind="planned", meal="Lunch"),
        _entry(oats["id"], kind="planned", date="2026-05-05"),
        _entry(oats["id"]),
        _entry(oats["id"]),
    ):
        response = await client.post("/api/v1/food-logs", json=body, headers=user.headers)
        assert response.status_code == 201, response.text
    assert (
        await count_rows("SELECT count(*) FROM fitness.food_log WHERE user_id = :u", u=user.id) == 5
    )


async def test_food_log_client_id_and_idempotency_key(
    client: httpx.AsyncClient,
    make_user: Callable[..., TestUser],
    create_food: CreateFood,
    count_rows: CountRows,
) -> None:
    user, other = make_user(), make_user()
    oats = await create_food(user)
    entry = _entry(oats["id"], id=str(uuid.uuid4()))
    first = await client.post("/api/v1/food-logs", json=entry, headers=user.headers)
    retried = await client.post("/api/v1/food-logs", json=entry, headers=user.headers)
    assert (first.status_code, retried.status_code) == (201, 200)
    assert retried.json() == first.json()
    taken = await client.post(
        "/api/v1/food-logs", json=_entry(str(uuid.uuid4()), id=entry["id"]), headers=other.headers
    )
    assert taken.status_code == 422  # not their food: checked before the id

    keyed = {**user.headers, "Idempotency-Key": "breakfast-1"}
    body = _entry(oats["id"], 2)
    once = await client.post("/api/v1/food-logs", json=body, headers=keyed)
    twice = await client.post("/api/v1/food-logs", json=body, headers=keyed)
    assert (once.status_code, twice.status_code) == (201, 201)
    assert twice.headers["idempotent-replayed"] == "true" and twice.json() == once.json()
    reused = await client.post("/api/v1/food-logs", json=_entry(oats["id"], 3), headers=keyed)
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")
    assert (
        await count_rows("SELECT count(*) FROM fitness.food_log WHERE user_id = :u", u=user.id) == 2
    )


async def test_food_log_read_patch_list_delete(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_food: CreateFood
) -> None:
    user = make_user()
    oats = await create_food(user)
    planned = (
        await client.post(
            "/api/v1/food-logs", json=_entry(oats["id"], kind="planned"), headers=user.headers
        )
    ).json()
    lunch = (
        await client.post(
            "/api/v1/food-logs",
            json=_entry(oats["id"], kind="planned", meal="Lunch"),
            headers=user.headers,
        )
    ).json()
    url = f"/api/v1/food-logs/{planned['id']}"
    assert (await client.get(url, headers=user.headers)).json() == planned

    patched = await client.patch(url, json={"quantity": 0.5}, headers=user.headers)
    assert (patched.status_code, patched.json()["nutrients"]["kcal"]) == (200, 190)
    clash = await client.patch(url, json={"meal": "Lunch"}, headers=user.headers)
    assert clash.status_code == 409
    assert (clash.json()["code"], clash.json()["food_log_id"]) == (
        "planned_entry_exists",
        lunch["id"],
    )
    assert (await client.get(url, headers=user.headers)).json()["meal"] == "Breakfast"

    await client.post(
        "/api/v1/food-logs", json=_entry(oats["id"], date="2026-05-10"), headers=user.headers
    )
    ranged = await client.get(
        "/api/v1/food-logs", params={"from": MONDAY, "to": MONDAY}, headers=user.headers
    )
    assert ranged.json()["total"] == 2
    by_meal = await client.get("/api/v1/food-logs", params={"meal": "Lunch"}, headers=user.headers)
    assert [item["id"] for item in by_meal.json()["items"]] == [lunch["id"]]
    everything = (await client.get("/api/v1/food-logs", headers=user.headers)).json()
    assert [item["date"] for item in everything["items"]] == ["2026-05-10", MONDAY, MONDAY]
    assert all(item["food"]["id"] == oats["id"] for item in everything["items"])

    assert (await client.delete(url, headers=user.headers)).status_code == 204
    assert (await client.get(url, headers=user.headers)).status_code == 404


async def test_day_view_plan_logged_totals_targets_adherence(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], create_food: CreateFood
) -> None:
    user = make_user()
    # 500 kcal, 50 g protein, 50 g carbs, 10 g fat per serving.
    meal_food = await create_food(user, name="Bowl", kcal=500, protein_g=50, carbs_g=50, fat_g=10)
    snack = await create_food(user, name="Bar", kcal=250, protein_g=0, carbs_g=25, fat_g=10)
    plan = await client.post(
        "/api/v1/diet-plans",
        json=_plan("Cut", ["monday"], _meal("Lunch", (meal_food["id"], 2))),
        headers=user.headers,
    )
    assert plan.status_code == 201
    await client.post(
        "/api/v1/food-logs",
        json=_entry(meal_food["id"], 2, kind="planned", meal="Lunch"),
        headers=user.headers,
    )
    await client.post(
        "/api/v1/food-logs", json=_entry(snack["id"], 1, meal="Snack"), headers=user.headers
    )

    day = (await client.get(f"/api/v1/days/{MONDAY}/diet", headers=user.headers)).json()
    assert (day["weekday"], day["plan"]["name"]) == ("monday", "Cut")
    assert [meal["name"] for meal in day["meals"]] == ["Lunch"]
    assert sorted((e["meal"], e["kind"]) for e in day["entries"]) == [
        ("Lunch", "planned"),
        ("Snack", "ad_hoc"),
    ]
    assert day["targets"] == {"kcal": 1000, "protein_g": 100, "carbs_g": 100, "fat_g": 20}
    assert (day["totals"]["kcal"], day["totals"]["fat_g"]) == (1250, 30)
    # kcal +25 %, protein 0 %, carbs +25 %, fat +50 %: mean 25 -> 75.
    assert day["adherence"] == 75.0
    assert day["drafts"] == []

    tuesday = (await client.get("/api/v1/days/2026-05-05/diet", headers=user.headers)).json()
    assert (tuesday["plan"], tuesday["targets"], tuesday["adherence"]) == (None, None, None)
    assert tuesday["entries"] == [] and tuesday["totals"]["kcal"] == 0
    next_monday = (await client.get("/api/v1/days/2026-05-11/diet", headers=user.headers)).json()
    assert next_monday["adherence"] == 0.0  # a plan and nothing logged


@pytest.mark.parametrize("path", ["/api/v1/days/2026-02-30/diet", "/api/v1/days/monday/diet"])
async def test_day_view_needs_a_real_date(
    client: httpx.AsyncClient, make_user: Callable[..., TestUser], path: str
) -> None:
    response = await client.get(path, headers=make_user().headers)
    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")
