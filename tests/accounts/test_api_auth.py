"""The API's own authentication refuses a session that owes its second factor, even without the middleware."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import Role
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
OUR_MIDDLEWARE = "accord.accounts.middleware.TwoFactorRequiredMiddleware"


@pytest.fixture
def without_the_middleware(settings):
    """Only the API's authentication list stands between the session and the data."""
    settings.MIDDLEWARE = [entry for entry in django_settings.MIDDLEWARE if entry != OUR_MIDDLEWARE]


def half_logged_in(client, username: str):
    user = make_user(username, Role.SECRETARIAT_OFFICER)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    return user


@pytest.mark.usefixtures("without_the_middleware")
def test_a_half_logged_in_session_is_refused_by_the_api_itself(client):
    half_logged_in(client, "api-half")
    response = client.get("/api/v1/decisions/documents")
    assert response.status_code == 401
    assert "second factor" in response.json()["detail"]


@pytest.mark.usefixtures("without_the_middleware")
def test_a_half_logged_in_session_cannot_write_through_the_api_itself(client):
    half_logged_in(client, "api-half-writer")
    response = client.post("/api/v1/crisis/reports", "{}", content_type="application/json")
    assert response.status_code == 401
    assert "second factor" in response.json()["detail"]


def test_a_verified_session_and_the_public_still_use_the_api(client):
    assert client.get("/api/v1/decisions/documents").status_code == 200
    login_verified(client, make_user("api-verified", Role.SECRETARIAT_OFFICER))
    assert client.get("/api/v1/decisions/documents").status_code == 200
