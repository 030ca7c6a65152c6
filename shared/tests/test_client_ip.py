"""The trusted client address: X-Forwarded-For believed only from configured proxies."""

import pytest

from cadence_shared.client_ip import UNKNOWN_CLIENT, TrustedProxies

gateway = TrustedProxies(["127.0.0.1", "10.0.0.0/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # the gateway passes the client on
        ("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a spoofed entry on the left
        ("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7"),  # two hops of ours
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not from our proxy: header ignored
        ("127.0.0.1", None, "127.0.0.1"),  # no header: the peer
        ("127.0.0.1", "not-an-ip", "127.0.0.1"),  # garbled: stop at the last trusted hop
        ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        ("127.0.0.1", "203.0.113.7:51234", "203.0.113.7"),
        (None, "203.0.113.7", UNKNOWN_CLIENT),
    ],
)
def test_client_address(peer: str | None, forwarded: str | None, client: str) -> None:
    assert gateway.client_address(peer, forwarded) == client


def test_without_trusted_proxies_the_header_is_never_believed() -> None:
    assert TrustedProxies().client_address("127.0.0.1", "203.0.113.7") == "127.0.0.1"


def test_all_hops_trusted_gives_the_leftmost() -> None:
    assert gateway.client_address("127.0.0.1", "10.0.0.5, 10.0.0.6") == "10.0.0.5"
