from cadence_shared.migrations import run_env
from runs_service.models import metadata
from runs_service.settings import Settings

run_env(metadata, Settings())
