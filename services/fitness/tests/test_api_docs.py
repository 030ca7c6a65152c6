"""The API docs state what clients rely on: the adherence formula, the metric units, ``tz``."""

from typing import Any

import httpx
import pytest

# Written out here, not imported: a change to the published wording fails this test.
FORMULA = (
    "adherence = 100 - the average over kcal, protein, carbs and fat of "
    "|logged - target| / target * 100, clamped to 0-100 and rounded to 2 decimals. A macro "
    "whose target is 0 is left out; no plan for the day (or every target 0) gives null."
)
UNITS = "Canonical units are metric: kg for weights"


@pytest.fixture
async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_the_day_view_and_the_adherence_series_state_the_formula(
    openapi: dict[str, Any],
) -> None:
    paths, schemas = openapi["paths"], openapi["components"]["schemas"]
    for path in ("/api/v1/days/{day}/diet", "/api/v1/progress/adherence"):
        assert FORMULA in paths[path]["get"]["description"], path
    for schema in ("DayDiet", "AdherencePoint"):
        assert FORMULA in schemas[schema]["properties"]["adherence"]["description"], schema
    assert FORMULA in openapi["info"]["description"]


def test_the_docs_state_metric_units(openapi: dict[str, Any]) -> None:
    description = openapi["info"]["description"]
    assert UNITS in description
    for unit in ("cm for body measurements", "kcal for energy", "mg for sodium"):
        assert unit in description, unit


@pytest.mark.parametrize("path", ["/api/v1/progress/volume", "/api/v1/workout-sessions"])
def test_the_tz_parameter_is_documented(openapi: dict[str, Any], path: str) -> None:
    [tz] = [p for p in openapi["paths"][path]["get"]["parameters"] if p["name"] == "tz"]
    assert tz["in"] == "query" and tz["required"] is False
    assert tz["description"] == (
        "IANA time zone the days, weeks and months are cut in, e.g. Europe/Paris; "
        "UTC when absent. An unknown name is a 422 unknown_time_zone."
    )
    assert (
        "tz" in openapi["info"]["description"] and "Europe/Paris" in openapi["info"]["description"]
    )
