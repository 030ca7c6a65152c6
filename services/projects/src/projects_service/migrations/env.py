from cadence_shared.migrations import run_env
from projects_service.models import metadata
from projects_service.settings import Settings

run_env(metadata, Settings())
