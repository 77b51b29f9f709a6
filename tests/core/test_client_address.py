"""One client-address function for the whole project, honouring PLAZA_PROXY_COUNT."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from plaza.core.http import client_address, pseudonym


def request(remote: str = "203.0.113.9", forwarded: str | None = None) -> HttpRequest:
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(PROXY_COUNT=0)
def test_without_a_proxy_a_forged_header_is_ignored() -> None:
    assert client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_address(request("203.0.113.9")) == "203.0.113.9"


@override_settings(PROXY_COUNT=1)
def test_one_proxy_takes_the_address_it_appended() -> None:
    # The client forged "1.1.1.1"; the proxy appended the address it really saw.
    assert client_address(request("10.0.0.2", "1.1.1.1, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request("10.0.0.2", "198.51.100.7:51234")) == "198.51.100.7"
    assert client_address(request("10.0.0.2", "[2001:db8::1]:443")) == "2001:db8::1"
    # A request that did not pass the proxy (no header), or an unreadable entry: the peer.
    assert client_address(request("10.0.0.2")) == "10.0.0.2"
    assert client_address(request("10.0.0.2", "1.1.1.1, not-an-address")) == "10.0.0.2"


@override_settings(PROXY_COUNT=2)
def test_two_proxies_count_two_hops_from_the_right() -> None:
    forwarded = "1.1.1.1, 198.51.100.7, 10.0.0.1"
    assert client_address(request("10.0.0.2", forwarded)) == "198.51.100.7"


@pytest.mark.parametrize("value", ["203.0.113.9", "a@example.org"])
def test_pseudonyms_are_keyed_and_stable(value: str) -> None:
    assert pseudonym(value, "x") == pseudonym(value, "x")
    assert pseudonym(value, "x") != pseudonym(value, "y")
    assert value not in pseudonym(value, "x")
    with override_settings(SECRET_KEY="another-key"):
        assert pseudonym(value, "x") != pseudonym(value, "y")
