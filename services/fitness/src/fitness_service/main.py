"""The fitness service: ``uvicorn fitness_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from fitness_service.drafts.views import router as drafts
from fitness_service.events import bus
from fitness_service.formulas import ADHERENCE_FORMULA, METRIC_UNITS
from fitness_service.nutrition.views import router as nutrition
from fitness_service.progress.views import router as progress
from fitness_service.settings import Settings, get_settings
from fitness_service.workouts.views import router as workouts

DESCRIPTION = f"""Nutrition, workouts, body metrics and progress of the caller (a bearer token is
needed everywhere; another user's resource is a 404).

**Units.** {METRIC_UNITS}

**Adherence** (the day view `GET /api/v1/days/{{date}}/diet` and
`GET /api/v1/progress/adherence`): {ADHERENCE_FORMULA}

**Time zones.** `GET /api/v1/progress/volume` and `GET /api/v1/workout-sessions` take `tz`, an
IANA name such as `Europe/Paris`: the days, weeks and months are cut in that zone, UTC when it
is absent; an unknown name is a 422 `unknown_time_zone`.
"""


# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "nutrition": (
        "Foods, diet plans, the food log and the day view with its adherence to the plan."
    ),
    "workouts": "Workout programs, sessions with their sets, and personal records.",
    "progress": "Body metrics and the series over time: weight, diet adherence, training volume.",
    "ocr drafts": (
        "What OCR jobs drafted from photos (foods, food log, a workout): confirm or discard."
    ),
}


def build_app(settings: Settings | None = None) -> FastAPI:
    app = create_app(
        settings or get_settings(),
        routers=[nutrition, workouts, progress, drafts],
        bus=bus,
        title="Cadence fitness",
        tags=TAGS,
    )
    app.description = DESCRIPTION  # read when the OpenAPI document is first built
    return app


app = build_app()
