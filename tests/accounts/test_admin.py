"""The admin pages for users and tokens: reachable by administrators, and their changes recorded."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import ApiToken, Role, User
from accord.accounts.tokens import create_token
from accord.core.models import ChangeRecord
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    administrator = make_user("root", Role.ADMINISTRATOR)
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    login_verified(client, administrator)
    return client


def test_an_administrator_edits_a_user_and_the_change_is_recorded(admin_client):
    reader = make_user("someone", Role.READER, state="KAZ")
    page = admin_client.get(f"/admin/accounts/user/{reader.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "username": "someone",
            "role": "liaison-officer",
            "affiliation_state": reader.affiliation_state_id,
            "clearance": 2,
            "date_joined_0": "2022-01-01",
            "date_joined_1": "00:00:00",
            "is_active": "on",
        }
    )
    data.pop("last_login", None)
    data.pop("affiliation_body", None)
    response = admin_client.post(f"/admin/accounts/user/{reader.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert User.objects.get(pk=reader.pk).role == Role.LIAISON_OFFICER
    change = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(reader.pk)).latest("id")
    assert (change.actor_name, change.before["role"], change.after["role"]) == (
        "root",
        "reader",
        "liaison-officer",
    )


def test_tokens_are_revoked_from_the_admin(admin_client, actor):
    owner = make_user("centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(
        owner, "centre", ["decisions:document:view"], datetime.timedelta(days=5), actor=actor
    )
    assert admin_client.get("/admin/accounts/apitoken/").status_code == 200
    admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [issued.token.pk]}
    )
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None


def test_a_secretariat_officer_has_no_admin_pages(client):
    officer = make_user("officer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    assert client.get("/admin/accounts/user/").status_code == 302
