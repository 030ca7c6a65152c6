"""The trusted client address: X-Forwarded-For believed only from configured proxies."""

import pytest
from pydantic import ValidationError

from cadence_shared.client_ip import UNKNOWN_CLIENT, TrustedProxies
from cadence_shared.settings import ServiceSettings, service_config


class TasksSettings(ServiceSettings):
    model_config = service_config("TASKS_")
    service_name: str = "tasks"


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


@pytest.mark.parametrize(
    ("environment", "networks"),
    [
        ("10.0.0.0/8,172.28.0.2", ["10.0.0.0/8", "172.28.0.2"]),
        (" 10.0.0.0/8 , fd00::/8 ,", ["10.0.0.0/8", "fd00::/8"]),  # spaces, a trailing comma
        ('["10.0.0.0/8", "127.0.0.2"]', ["10.0.0.0/8", "127.0.0.2"]),
        ("", []),  # set but empty: no proxy is trusted
    ],
)
def test_trusted_proxies_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: str, networks: list[str]
) -> None:
    monkeypatch.setenv("CADENCE_TRUSTED_PROXIES", environment)
    settings = TasksSettings()
    assert settings.trusted_proxies == networks
    proxies = TrustedProxies(settings.trusted_proxies)
    if "10.0.0.0/8" in networks:  # a CIDR covers every pod address in it
        assert proxies.client_address("10.42.7.9", "203.0.113.7") == "203.0.113.7"


def test_a_service_s_own_variable_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CADENCE_TRUSTED_PROXIES", "10.0.0.0/8")
    monkeypatch.setenv("TASKS_TRUSTED_PROXIES", "172.28.0.2")
    assert TasksSettings().trusted_proxies == ["172.28.0.2"]


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "gateway", "10.0.0.0/8,,nope"])
def test_a_bad_entry_fails_at_start_up(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("CADENCE_TRUSTED_PROXIES", bad)
    with pytest.raises(ValidationError):
        TasksSettings()
