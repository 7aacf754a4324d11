"""``accord setup``'s demo administrator: created once, password kept privately, able to log in."""

from __future__ import annotations

import stat

import pytest

from accord.accounts.models import Role, User
from accord.core.models import ChangeRecord
from accord.web.management.commands.setup import demo_password_file, ensure_demo_administrator

pytestmark = pytest.mark.django_db


def test_demo_administrator_is_created_once(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    name, password = ensure_demo_administrator()
    assert (name, len(password)) == ("admin", 16)
    assert stat.S_IMODE(demo_password_file().stat().st_mode) == 0o600
    assert ensure_demo_administrator() == (name, password)
    user = User.objects.get(username="admin")
    assert user.role == Role.ADMINISTRATOR and user.is_superuser
    assert user.password.startswith("argon2")
    created = ChangeRecord.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert created.actor_name == "system:setup"
    assert "password" not in created.after


def test_the_login_page_and_a_real_login(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    _, password = ensure_demo_administrator()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    # An administrator must set up the second factor before anything else.
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/accounts/two-factor/setup/?next=/"


def test_a_wrong_password_is_refused(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ensure_demo_administrator()
    response = client.post("/accounts/login/", {"username": "admin", "password": "wrong-password"})
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
