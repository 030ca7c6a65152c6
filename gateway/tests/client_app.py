"""The smallest app that answers with the client address ``cadence_shared.client_ip`` sees, run
under uvicorn by ``test_trusted_proxies.py`` with the services' own command line."""

from typing import ClassVar

from fastapi import FastAPI, Request
from pydantic_settings import SettingsConfigDict

from cadence_shared.client_ip import TrustedProxies
from cadence_shared.settings import CoreSettings, HttpSettings, service_config


class Settings(CoreSettings, HttpSettings):
    model_config: ClassVar[SettingsConfigDict] = service_config("CLIENTAPP_")
    service_name: str = "clientapp"


proxies = TrustedProxies(Settings().trusted_proxies)
app = FastAPI()


@app.get("/client")
def client(request: Request) -> dict[str, str | None]:
    return {"client": proxies.of(request), "peer": request.client.host if request.client else None}
