"""Every refusal of the API is JSON with the one error body, with the status the spec declares."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from accord.accounts.models import Role
from accord.core.api_errors import ApiError, issues_of
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


def error_body(response, status: int) -> ApiError:
    """The response's error body, checked against the one error schema."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return ApiError.model_validate(response.json())


def test_invalid_query_answers_a_list_of_located_problems(client):
    body = error_body(client.get("/api/v1/charter/eligibility", {"state": "KAZ", "status": "king"}), 422)
    assert [(issue.loc, issue.type) for issue in body.detail] == [(["query", "status"], "literal_error")]


def test_a_refusal_by_the_view_answers_a_sentence_with_the_same_body(client):
    body = error_body(
        client.get("/api/v1/charter/eligibility", {"state": "Atlantis", "status": "member"}), 422
    )
    assert body.detail.startswith("unknown state 'Atlantis'")


@pytest.fixture
def officer_client(client):
    """A client logged in as a Secretariat officer who has passed both factors."""
    login_verified(client, make_user("officer", Role.SECRETARIAT_OFFICER))
    return client


def test_a_body_that_is_not_json_is_400(officer_client):
    response = officer_client.post("/api/v1/crisis/reports", "{not json", content_type="application/json")
    assert error_body(response, 400).detail == "Cannot parse request body"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_body_over_the_limit_is_413_not_an_html_page(officer_client):
    response = officer_client.post(
        "/api/v1/crisis/reports", {"description": "x" * 200}, content_type="application/json"
    )
    assert error_body(response, 413).detail == "The request body is too large."


def test_a_bad_token_is_401_with_the_scheme_to_use(client):
    response = client.get("/api/v1/charter/states", HTTP_AUTHORIZATION="Bearer acc_nothing_here")
    assert error_body(response, 401).detail == "invalid, expired or revoked token"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_record_that_is_not_there_says_so(client):
    assert error_body(client.get("/api/v1/charter/states/XXX"), 404).detail == "No such state."


def test_a_chairmanship_range_too_wide_is_bad_input_not_a_missing_record(client):
    response = client.get("/api/v1/charter/chairmanships", {"first": 2000, "last": 2500})
    [issue] = error_body(response, 422).detail
    assert issue.loc == ["query", "last"] and "less than or equal to 2100" in issue.msg
    response = client.get("/api/v1/charter/chairmanships", {"first": 2020, "last": 2010})
    [issue] = error_body(response, 422).detail
    assert issue.loc == ["query", "last"] and "first before last" in issue.msg


def test_sessions_of_an_unknown_body_are_bad_input_not_a_missing_record(client):
    [issue] = error_body(client.get("/api/v1/decisions/sessions", {"body": "nowhere"}), 422).detail
    assert issue.loc == ["query", "body"] and "unknown body 'nowhere'" in issue.msg


def test_model_validation_errors_become_located_problems():
    by_field = ValidationError({"title_en": ["Too long."], "__all__": ["Dates reversed."]})
    assert issues_of(by_field) == [
        {"loc": ["title_en"], "msg": "Too long.", "type": "value_error"},
        {"loc": [], "msg": "Dates reversed.", "type": "value_error"},
    ]
    assert issues_of(ValidationError("Bad.")) == [{"loc": [], "msg": "Bad.", "type": "value_error"}]


def test_a_service_error_raised_by_any_view_is_one_422_naming_the_field():
    """One handler answers every service's refusal; a view needs no ``except`` of its own."""
    from ninja import NinjaAPI
    from ninja.testing import TestClient

    from accord.core.api_errors import install_error_handlers
    from accord.decisions.services import SessionError

    api = NinjaAPI(urls_namespace="service-error-test")
    install_error_handlers(api)

    @api.post("/sessions")
    def refuse(request):
        raise SessionError("AFG holds no status in the Organization", field="participants")

    response = TestClient(api).post("/sessions")
    assert response.status_code == 422
    assert ApiError.model_validate(response.json()).detail == (
        "participants: AFG holds no status in the Organization"
    )
