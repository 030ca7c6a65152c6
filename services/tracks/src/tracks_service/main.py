"""The tracks service: ``uvicorn tracks_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from tracks_service.catalog.views import router as catalog
from tracks_service.events import bus
from tracks_service.matching.views import router as matching
from tracks_service.playlists.views import router as playlists
from tracks_service.plays.views import router as plays
from tracks_service.settings import Settings, get_settings

# Each tag's description, at the head of its routes in the OpenAPI document.
TAGS = {
    "tracks": (
        "The shared catalog of music tracks with their tempo, matching a running cadence, and"
        " the caller's listening stats."
    ),
    "playlists": "The caller's ordered playlists of catalog tracks.",
}


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        # matching and plays first: their fixed paths (/match, /stats/me) share the catalog's
        # prefix, where /{track_id} would otherwise try to read them as a UUID.
        routers=[matching, plays, catalog, playlists],
        bus=bus,
        title="Cadence tracks",
        tags=TAGS,
    )


app = build_app()
