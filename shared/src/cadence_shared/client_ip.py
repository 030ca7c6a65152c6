"""The real client address: X-Forwarded-For is believed only when it comes from our own proxies.

Anyone can send an X-Forwarded-For header, so it is read from the right (the entry our nearest
proxy appended) and only while each hop is a configured trusted proxy; the first untrusted hop is
the client. Without trusted proxies the header is ignored and the peer address is the client.
"""

import ipaddress
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import Scope

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

UNKNOWN_CLIENT = "unknown"


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class TrustedProxies:
    """Addresses or networks (``"10.0.0.0/8"``, ``"127.0.0.1"``) whose forwarded header we believe."""

    def __init__(self, networks: Iterable[str] = ()) -> None:
        self.networks: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(network.strip(), strict=False) for network in networks
        )

    def __contains__(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)

    def client_address(self, peer: str | None, forwarded_for: str | None) -> str:
        """The client's address given the TCP peer and the X-Forwarded-For header (if any)."""
        current = _address(peer) if peer else None
        if current is None:
            return UNKNOWN_CLIENT
        if not forwarded_for or current not in self:
            return str(current)
        for entry in reversed(forwarded_for.split(",")):
            hop = _address(entry)
            if hop is None:
                # A garbled entry cannot be trusted further: the last trusted hop is the answer.
                return str(current)
            current = hop
            if current not in self:
                return str(current)
        return str(current)

    def of(self, connection: HTTPConnection) -> str:
        peer = connection.client.host if connection.client else None
        return self.client_address(peer, connection.headers.get("x-forwarded-for"))

    def of_scope(self, scope: Scope) -> str | None:
        """As ``of``, from an ASGI scope (what a pure ASGI middleware has); None without a peer."""
        if not scope.get("client"):
            return None
        forwarded_for = Headers(scope=scope).get("x-forwarded-for")
        return self.client_address(scope["client"][0], forwarded_for)
