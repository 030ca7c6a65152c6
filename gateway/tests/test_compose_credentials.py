"""docker-compose.yml runs the services with ENVIRONMENT=production: no URL may carry the
well-known default credentials, which the services refuse at start-up outside development."""

from pathlib import Path

import yaml

from cadence_shared.settings import DEFAULT_CREDENTIALS

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_no_service_url_carries_default_credentials() -> None:
    services = yaml.safe_load(COMPOSE.read_text())["services"]
    urls = {
        f"{name}.{key}": value
        for name, service in services.items()
        for key, value in (service.get("environment") or {}).items()
        if key.endswith("_URL")
    }
    assert urls, "the services' URLs are in the environment"
    for where, url in urls.items():
        assert not any(f"//{user}:{password}@" in url for user, password in DEFAULT_CREDENTIALS), (
            where
        )
    assert services["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_USER"] != "guest"
