"""The spec tells the truth: every operation declares the errors it can answer, with the one error
body, and says whether it answers the public — checked against the spec and against real requests."""

from __future__ import annotations

import pytest

from accord.core.api_openapi import ERROR_REF, error_statuses

pytestmark = pytest.mark.django_db
CREDENTIALS = [{"bearer": []}, {"session": []}]


@pytest.fixture
def spec(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def sample_url(path: str) -> str:
    """The operation's URL with every path parameter filled with something that names no record."""
    return path.replace("{", "").replace("}", "").replace("pk", "999999").replace("year", "2020")


def test_the_spec_has_operations(spec):
    assert len(list(operations(spec))) >= 30


def test_every_operation_declares_its_errors_with_the_one_error_body(spec):
    for path, method, operation in operations(spec):
        declared = {int(status) for status in operation["responses"]}
        expected = error_statuses(method, operation) | {401, 403}
        assert expected <= declared, f"{method} {path} misses {sorted(expected - declared)}"
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == ERROR_REF, f"{method} {path} answers {status} with {schema}"


def test_errors_follow_what_the_operation_reads(spec):
    statements = spec["paths"]["/api/v1/decisions/statements/counts"]["get"]["responses"]
    assert {"401", "403"} <= set(statements) and "422" not in statements and "404" not in statements
    document = spec["paths"]["/api/v1/decisions/documents/{pk}"]["get"]["responses"]
    assert {"404", "422"} <= set(document) and "413" not in document
    report = spec["paths"]["/api/v1/crisis/reports"]["post"]["responses"]
    assert {"400", "413", "422", "503"} <= set(report)


def test_the_error_body_is_a_sentence_or_a_list_of_located_problems(spec):
    schemas = spec["components"]["schemas"]
    detail = schemas["ApiError"]["properties"]["detail"]["anyOf"]
    assert {"type": "string"} in detail
    assert {"type": "array", "items": {"$ref": "#/components/schemas/ValidationIssue"}} in detail
    assert set(schemas["ValidationIssue"]["required"]) == {"loc", "msg", "type"}


def test_reads_say_they_answer_the_public_and_writes_need_credentials(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearer"]["description"],
    }
    assert (schemes["session"]["in"], schemes["session"]["name"]) == ("cookie", "sessionid")
    for path, method, operation in operations(spec):
        expected = [{}, *CREDENTIALS] if method == "get" else CREDENTIALS
        assert operation["security"] == expected, f"{method} {path}"


def test_what_the_spec_says_of_the_public_is_what_the_public_gets(client, spec):
    """Without credentials a read answers (maybe 404 or 422, never 401/403); a write is refused."""
    for path, method, operation in operations(spec):
        url = sample_url(path)
        if {} in operation["security"]:
            status = client.get(url).status_code
            assert status not in (401, 403), f"GET {url} refused the public ({status})"
        else:
            status = client.generic(method.upper(), url, "{}", content_type="application/json").status_code
            assert status in (401, 403), f"{method.upper()} {url} answered the public ({status})"
