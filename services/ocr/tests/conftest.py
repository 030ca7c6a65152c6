from cadence_shared.testing.service import service_fixtures
from ocr_service.main import build_app
from ocr_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("ocr", Settings, build_app)
