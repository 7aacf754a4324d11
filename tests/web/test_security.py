"""CSRF on every form, and the security headers on every page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accord.accounts.models import Role
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db

# Every page that has a form that changes something, with the fields a valid submission needs.
FORMS = [
    ("/accounts/login/", {"username": "x", "password": "y"}),
    ("/i18n/setlang/", {"language": "ru"}),
    ("/accounts/logout/", {}),
    ("/accounts/logout-everywhere/", {}),
    ("/accounts/two-factor/", {"code": "123456"}),
    ("/accounts/two-factor/setup/", {"code": "123456"}),
    ("/accounts/two-factor/recovery-codes/", {}),
    ("/accounts/password/", {"old_password": "x", "new_password1": "y", "new_password2": "y"}),
    (
        "/documents/new/",
        {
            "kind": "decision",
            "title_en": "x",
            "date": "2022-01-01",
            "classification": "0",
            "releasability": "everyone",
        },
    ),
    ("/api/v1/decisions/documents", {"kind": "decision", "title_en": "x", "date": "2022-01-01"}),
]


@pytest.fixture
def officer(client):
    user = make_user("csrf-officer", Role.SECRETARIAT_OFFICER)
    return user


@pytest.mark.parametrize(("path", "data"), FORMS)
def test_every_form_refuses_a_post_without_the_csrf_token(officer, path, data):
    strict = Client(enforce_csrf_checks=True)
    login_verified(strict, officer)
    response = strict.post(path, data)
    assert response.status_code == 403, f"{path} accepted a POST without a CSRF token"


def test_every_form_template_carries_the_csrf_token(client, officer):
    login_verified(client, officer)
    for path in ("/accounts/", "/documents/new/", "/", "/accounts/two-factor/setup/"):
        page = client.get(path).content.decode()
        for form in re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S):
            assert "csrfmiddlewaretoken" in form, f"a form on {path} has no CSRF token"


def test_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_has_an_inline_script(client, officer):
    login_verified(client, officer)
    for path in (
        "/",
        "/states/",
        "/states/KAZ/",
        "/bodies/",
        "/chairmanships/",
        "/instruments/",
        "/eligibility/",
        "/documents/",
        "/accounts/",
        "/accounts/two-factor/setup/",
    ):
        page = client.get(path).content.decode()
        for script in re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", page, flags=re.S):
            attrs, body = script
            assert "src=" in attrs and not body.strip(), f"inline script on {path}"


def test_session_cookies_are_http_only(client):
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_mode_sets_secure_cookies_and_hsts(tmp_path):
    import subprocess
    import sys

    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS]))"
    )
    environment = {
        "ACCORD_MODE": "production",
        "ACCORD_SECRET_KEY": "x" * 50,
        "ACCORD_AUDIT_KEY": "a" * 50,
        "ACCORD_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "accord.settings",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    assert result.stdout.strip() == "[true, true, 31536000]"
