from cadence_shared.testing.service import service_fixtures
from projects_service.main import build_app
from projects_service.settings import Settings

settings, app, client, sessions, engine = service_fixtures("projects", Settings, build_app)
