"""A service process for the access-log client test: it answers two requests and exits, one
through a trusted proxy that names the client in X-Forwarded-For, one from an untrusted peer
that forges the header.

Run from the repository root as ``python -m shared.tests.client_log_app``; its stdout is its log,
one JSON object a line, which the test reads.
"""

import asyncio

from fastapi import APIRouter

from cadence_shared.app import create_app
from cadence_shared.settings import CoreSettings, HttpSettings
from cadence_shared.testing.plugin import serve_app

PROXY = ("10.1.2.3", 40000)  # inside the trusted network
CLIENT = "203.0.113.7"  # whom the proxy names
STRANGER = ("198.51.100.9", 40001)  # a direct caller outside it
FORGED = "203.0.113.66"  # whom the stranger claims to be


class Settings(CoreSettings, HttpSettings):
    service_name: str = "clientlog"


async def main() -> None:
    router = APIRouter()

    @router.get("/ping/{who}")
    async def ping(who: str) -> dict[str, str]:
        return {"who": who}

    app = create_app(Settings(trusted_proxies=["10.0.0.0/8"]), routers=[router], standard=())
    for peer, forwarded, who in ((PROXY, CLIENT, "proxied"), (STRANGER, FORGED, "forged")):
        async with serve_app(app, peer=peer) as client:
            response = await client.get(f"/ping/{who}", headers={"X-Forwarded-For": forwarded})
            response.raise_for_status()


if __name__ == "__main__":
    asyncio.run(main())
