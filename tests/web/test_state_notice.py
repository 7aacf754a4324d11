"""A state's users see on their home page what their state's status is, since when and why, and
what they may see now against before the change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accord.accounts.models import Role
from accord.charter.models import State
from accord.charter.status_changes import StatusChange, record_status
from accord.core.audit import Actor
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


def freeze_armenia(days_ago: int) -> None:
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    change = StatusChange(
        State.objects.get(code="ARM"), "frozen", start, "France 24", "Armenia froze its participation"
    )
    record_status(change, actor=Actor.system("tests"))


def test_after_a_freeze_the_states_users_see_what_changed_and_why(client):
    freeze_armenia(days_ago=10)
    login_verified(client, make_user("arm-officer", Role.LIAISON_OFFICER, state="ARM"))
    page = client.get("/").content.decode()
    assert 'id="own-state"' in page and "own-state changed" in page
    assert "participation frozen by the state" in page
    assert "The status changed recently; before, it was: member." in page
    assert "Why: Armenia froze its participation" in page
    assert '<span class="access-now">records up to PUBLIC released to:' in page
    assert '<span class="access-before">records up to SECRET released to:' in page


def test_a_long_standing_status_is_shown_without_an_announcement(client):
    login_verified(client, make_user("kaz-officer", Role.LIAISON_OFFICER, state="KAZ"))
    page = client.get("/").content.decode()
    assert 'id="own-state"' in page and "own-state changed" not in page
    assert "records up to SECRET released to:" in page


def test_the_secretariat_and_the_public_see_no_state_notice(client):
    assert 'id="own-state"' not in client.get("/").content.decode()
    login_verified(client, make_user("secretariat", Role.SECRETARIAT_OFFICER))
    assert 'id="own-state"' not in client.get("/").content.decode()
