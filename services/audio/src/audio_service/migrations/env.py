from audio_service.models import metadata
from audio_service.settings import Settings
from cadence_shared.migrations import run_env

run_env(metadata, Settings())
