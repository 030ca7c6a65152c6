from cadence_shared.migrations import run_env
from ocr_service.models import metadata
from ocr_service.settings import Settings

run_env(metadata, Settings())
