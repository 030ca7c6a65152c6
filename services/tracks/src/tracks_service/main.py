"""The tracks service: ``uvicorn tracks_service.main:app``."""

from fastapi import FastAPI

from cadence_shared.app import create_app
from tracks_service.events import bus
from tracks_service.settings import Settings, get_settings
from tracks_service.views import playlists, tracks


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_app(
        settings or get_settings(),
        routers=[tracks, playlists],
        bus=bus,
        title="Cadence tracks",
    )


app = build_app()
