"""The client's address: X-Forwarded-For is believed only for the configured number of proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from accord.accounts.client_address import client_address


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request_from("198.51.100.7", "192.0.2.1")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_the_proxies_own_entries_are_counted_from_the_right(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    assert client_address(request_from("10.0.0.2", forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "198.51.100.7:443"])
def test_a_missing_or_malformed_entry_falls_back_to_the_proxy(settings, forwarded, caplog):
    settings.PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_fewer_entries_than_proxies_falls_back_to_the_proxy(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "198.51.100.7")) == "10.0.0.2"


def test_the_api_throttles_do_not_believe_a_forwarded_header_without_a_proxy():
    from ninja.throttling import AnonRateThrottle

    forged = request_from("198.51.100.7", "192.0.2.1")
    assert AnonRateThrottle("10/m").get_ident(forged) == "198.51.100.7"
