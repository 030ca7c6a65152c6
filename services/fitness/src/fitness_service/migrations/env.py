from cadence_shared.migrations import run_env
from fitness_service.models import metadata
from fitness_service.settings import Settings

run_env(metadata, Settings())
