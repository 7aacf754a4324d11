"""Lockout after repeated failed logins, per account and per address."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from accord.accounts.models import Role
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 1"


def attempt(client, username: str, password: str, address: str = "192.0.2.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client):
    make_user("target", Role.READER)
    for number in range(5):
        attempt(client, "target", f"wrong {number}", address=f"192.0.2.{number}")
    locked = attempt(client, "target", PASSWORD, address="192.0.2.99")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()


def test_an_address_is_locked_after_five_failures_across_accounts(client):
    make_user("innocent", Role.READER)
    for number in range(5):
        attempt(client, f"guess-{number}", "whatever", address="198.51.100.7")
    assert attempt(client, "innocent", PASSWORD, address="198.51.100.7").status_code == 429
    assert attempt(client, "innocent", PASSWORD, address="198.51.100.8").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client):
    make_user("forgetful", Role.READER)
    for number in range(4):
        attempt(client, "forgetful", f"wrong {number}", address="203.0.113.5")
    assert attempt(client, "forgetful", PASSWORD, address="203.0.113.5").status_code == 302
    assert not AccessAttempt.objects.filter(username="forgetful").exists()
