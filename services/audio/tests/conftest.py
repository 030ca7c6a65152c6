from audio_service.main import build_app
from audio_service.settings import Settings
from cadence_shared.testing.service import service_fixtures

settings, app, client, sessions, engine = service_fixtures("audio", Settings, build_app)
