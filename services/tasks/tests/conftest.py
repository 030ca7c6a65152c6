from cadence_shared.testing.service import service_fixtures
from tasks_service.main import build_app
from tasks_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("tasks", Settings, build_app)
