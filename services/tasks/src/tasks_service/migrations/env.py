from cadence_shared.migrations import run_env
from tasks_service.models import metadata
from tasks_service.settings import Settings

run_env(metadata, Settings())
