"""A session that passed only the password reaches nothing but the second-factor steps, login and logout.

The walk below resolves the whole URLconf (pages, the admin, every API operation) with made-up path
parameters, so a page added tomorrow is checked without anyone remembering to list it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import middleware
from accord.accounts.models import Role
from accord.api import api
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db

#: What a half-logged-in session may reach, by URL name; first-time setup only without a device.
OPEN_TO_UNVERIFIED = {"login", "logout", "accounts:two-factor", "set_language"}
FIRST_SETUP = "accounts:two-factor-setup"
SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "1",
    "slug": "1",
    "path": "1",
    "uuid": "00000000-0000-0000-0000-000000000001",
}
REGEX_SAMPLES = ("1", "accounts")


def route_sample(route: str) -> str:
    """A concrete piece of path for a ``path()`` route: each ``<converter:name>`` made up."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda found: SAMPLE_BY_CONVERTER[found.group(1) or "str"], route)


def regex_sample(pattern: RegexPattern, is_endpoint: bool) -> str:
    """A concrete piece of path for a ``re_path()`` regex: each named group replaced by a sample."""
    body = pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    for candidate in REGEX_SAMPLES:
        text = re.sub(r"\\(.)", r"\1", re.sub(r"\(\?P<\w+>[^)]*\)", candidate, body))
        found = pattern.regex.search(text)
        if found and (found.end() == len(text) or not is_endpoint):
            return text
    raise AssertionError(f"no made-up value fits {pattern.regex.pattern!r}: add one to REGEX_SAMPLES")


def sample(pattern: RoutePattern | RegexPattern, is_endpoint: bool) -> str:
    if isinstance(pattern, RoutePattern):
        return route_sample(str(pattern))
    return regex_sample(pattern, is_endpoint)


def every_url(resolver: URLResolver | None = None, prefix: str = "/") -> Iterator[tuple[str, str]]:
    """Each URL pattern of the project as (a concrete path, the pattern's route), recursively."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from every_url(entry, prefix + sample(entry.pattern, is_endpoint=False))
        elif isinstance(entry, URLPattern):
            yield prefix + sample(entry.pattern, is_endpoint=True), str(entry.pattern)


def every_api_operation() -> Iterator[tuple[str, str]]:
    """Each operation of the API as (method, concrete path), from its own OpenAPI description."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method in operations:
            yield method.upper(), re.sub(r"\{[^}]+\}", "1", path)


def open_to(name: str | None, has_device: bool) -> bool:
    return name in OPEN_TO_UNVERIFIED or (name == FIRST_SETUP and not has_device)


def half_logged_in(client, role: str, has_device: bool):
    """A user who typed the right password but not the second factor."""
    user = make_user(f"half-{role}-{has_device}", role, state="KAZ" if role == Role.LIAISON_OFFICER else None)
    if role == Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    if has_device:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    return user


def refusal_problem(response, path: str, has_device: bool) -> str | None:
    """What is wrong with the answer to a half-logged-in session, or None if it was refused."""
    if path.startswith("/api/"):
        if response.status_code == 401 and "second factor" in response.json()["detail"]:
            return None
        return f"answered {response.status_code} instead of 401"
    step = "/accounts/two-factor/" if has_device else "/accounts/two-factor/setup/"
    if response.status_code == 302 and response["Location"].startswith(f"{step}?next="):
        return None
    return f"answered {response.status_code} {response.get('Location', '')}".strip()


def test_the_walk_reaches_every_kind_of_url():
    paths = dict(every_url())
    for path, route in paths.items():
        assert resolve(path).route.lstrip("^").endswith(route.lstrip("^")), f"{path} misses {route}"
    for expected in ("/accounts/two-factor/recovery-codes/", "/accounts/password/", "/admin/accounts/user/"):
        assert expected in paths
    assert any(path.startswith("/api/v1/decisions/documents/") for path in paths)
    assert any(path.startswith("/admin/") and "1" in path for path in paths)
    assert len(list(every_api_operation())) > 20


def test_the_exceptions_are_exactly_the_short_list():
    assert set(middleware.OPEN_TO_UNVERIFIED) == OPEN_TO_UNVERIFIED
    assert middleware.FIRST_SETUP == FIRST_SETUP


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.LIAISON_OFFICER])
@pytest.mark.parametrize("has_device", [True, False], ids=["device", "no-device"])
def test_a_half_logged_in_session_is_refused_by_every_url_of_the_project(client, role, has_device):
    user = half_logged_in(client, role, has_device)
    problems = []
    for path, route in every_url():
        if open_to(resolve(path).view_name, has_device):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            problem = refusal_problem(response, path, has_device)
            if problem:
                problems.append(f"{method.upper()} {path} ({route}): {problem}")
    assert not problems, "\n".join(problems)
    assert client.session[SESSION_KEY] == str(user.pk), "the walk ran as the half-logged-in user throughout"


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.LIAISON_OFFICER])
def test_a_half_logged_in_session_is_refused_by_every_api_operation(client, role):
    half_logged_in(client, role, has_device=True)
    problems = []
    for method, path in every_api_operation():
        response = client.generic(method, path, "{}", content_type="application/json")
        problem = refusal_problem(response, path, has_device=True)
        if problem:
            problems.append(f"{method} {path}: {problem}")
    assert not problems, "\n".join(problems)


def test_the_second_factor_is_enforced_after_django_otp_identifies_the_device():
    order = django_settings.MIDDLEWARE
    ours = order.index("accord.accounts.middleware.TwoFactorRequiredMiddleware")
    assert order.index("django_otp.middleware.OTPMiddleware") < ours
    assert order.index("django.contrib.auth.middleware.AuthenticationMiddleware") < ours


def test_a_half_logged_in_session_may_still_finish_logging_in_or_leave(client):
    half_logged_in(client, Role.SECRETARIAT_OFFICER, has_device=True)
    assert client.get("/accounts/two-factor/?next=/documents/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "ru", "next": "/"}).status_code == 302
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/two-factor/?next=")
    assert client.post("/accounts/logout/").status_code == 302
    assert SESSION_KEY not in client.session


def test_first_time_setup_is_open_while_there_is_no_device(client):
    half_logged_in(client, Role.CRC_DUTY_OFFICER, has_device=False)
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    assert client.get("/accounts/two-factor/")["Location"] == "/accounts/two-factor/setup/"


def test_the_way_back_after_the_second_factor_keeps_the_whole_address(client):
    half_logged_in(client, Role.SECRETARIAT_OFFICER, has_device=True)
    response = client.get("/documents/?q=a&page=2")
    assert response["Location"] == "/accounts/two-factor/?next=/documents/%3Fq%3Da%26page%3D2"


def test_anonymous_visitors_still_see_the_public_pages(client):
    assert client.get("/documents/").status_code == 200
    assert client.get("/api/v1/decisions/documents").status_code == 200
