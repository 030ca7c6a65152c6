import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cadence_shared.testing import TestUser
from cadence_shared.testing.service import service_fixtures
from fitness_service.main import build_app
from fitness_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("fitness", Settings, build_app)

SESSION_START = datetime(2026, 5, 4, 7, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def food_payload() -> Callable[..., dict[str, Any]]:
    """A valid food (per serving: 100 g); keyword arguments override fields."""

    def make(**fields: Any) -> dict[str, Any]:
        food: dict[str, Any] = {
            "name": "Oats",
            "brand": "Mill & Co",
            "serving_size": 100,
            "serving_unit": "g",
            "kcal": 380,
            "protein_g": 13,
            "carbs_g": 60,
            "fat_g": 7,
            "fibre_g": 10,
        }
        food.update(fields)
        return food

    return make


@pytest.fixture
def create_food(
    client: httpx.AsyncClient, food_payload: Callable[..., dict[str, Any]]
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def create(user: TestUser, **fields: Any) -> dict[str, Any]:
        response = await client.post(
            "/api/v1/foods", json=food_payload(**fields), headers=user.headers
        )
        assert response.status_code == 201, response.text
        food: dict[str, Any] = response.json()
        return food

    return create


@pytest.fixture
def set_payload() -> Callable[..., dict[str, Any]]:
    def make(
        exercise: str = "Back squat",
        reps: int = 5,
        weight_kg: float = 100,
        *,
        at: datetime = SESSION_START,
        **fields: Any,
    ) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "exercise": exercise,
            "reps": reps,
            "weight_kg": weight_kg,
            "updated_at": at.isoformat(),
        }
        item.update(fields)
        return item

    return make


@pytest.fixture
def session_payload() -> Callable[..., dict[str, Any]]:
    """A valid one-hour workout session; keyword arguments override fields."""

    def make(
        sets: list[dict[str, Any]] | None = None, start: datetime = SESSION_START, **fields: Any
    ) -> dict[str, Any]:
        workout: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "name": "Legs",
            "started_at": start.isoformat(),
            "ended_at": (start + timedelta(hours=1)).isoformat(),
            "sets": sets or [],
        }
        workout.update(fields)
        return workout

    return make


@pytest.fixture
def count_rows(engine: AsyncEngine) -> Callable[..., Awaitable[int]]:
    """Counts rows with plain SQL (``:user`` and other parameters by keyword)."""

    async def count(sql: str, **parameters: Any) -> int:
        async with engine.connect() as connection:
            return int(await connection.scalar(text(sql), parameters) or 0)

    return count
