from cadence_shared.migrations import run_env
from tracks_service.models import metadata
from tracks_service.settings import Settings

run_env(metadata, Settings())
