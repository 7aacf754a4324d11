"""Lockout after repeated failed logins, per account and address together, and right behind a proxy."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from accord.accounts.models import Role
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 1"
PROXY = "10.0.0.2"


def attempt(client, username: str, password: str, address: str = "192.0.2.1", forwarded: str | None = None):
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def test_an_account_is_locked_for_the_address_that_failed_even_with_the_right_password(client):
    make_user("target", Role.READER)
    for number in range(5):
        attempt(client, "target", f"wrong {number}", address="192.0.2.7")
    locked = attempt(client, "target", PASSWORD, address="192.0.2.7")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert attempt(client, "target", PASSWORD, address="192.0.2.99").status_code == 302, (
        "someone else's failures do not lock the owner out"
    )


def test_behind_the_proxy_one_bad_client_locks_only_itself(client, settings):
    settings.PROXY_COUNT = 1
    make_user("target", Role.READER)
    make_user("innocent", Role.READER)
    for number in range(5):
        attempt(client, "target", f"wrong {number}", address=PROXY, forwarded="198.51.100.7")
    assert attempt(client, "innocent", PASSWORD, address=PROXY, forwarded="203.0.113.9").status_code == 302
    assert attempt(client, "target", PASSWORD, address=PROXY, forwarded="198.51.100.7").status_code == 429


def test_behind_the_proxy_a_forged_address_in_front_changes_nothing(client, settings):
    settings.PROXY_COUNT = 1
    make_user("target", Role.READER)
    for number in range(5):
        attempt(
            client, "target", f"wrong {number}", address=PROXY, forwarded=f"192.0.2.{number}, 198.51.100.7"
        )
    assert attempt(client, "target", PASSWORD, address=PROXY, forwarded="198.51.100.7").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_not_believed(client):
    make_user("target", Role.READER)
    for number in range(5):
        attempt(client, "target", f"wrong {number}", address="198.51.100.7", forwarded=f"192.0.2.{number}")
    locked = attempt(client, "target", PASSWORD, address="198.51.100.7", forwarded="192.0.2.200")
    assert locked.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client):
    make_user("forgetful", Role.READER)
    for number in range(4):
        attempt(client, "forgetful", f"wrong {number}", address="203.0.113.5")
    assert attempt(client, "forgetful", PASSWORD, address="203.0.113.5").status_code == 302
    assert not AccessAttempt.objects.filter(username="forgetful").exists()
