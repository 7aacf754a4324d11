"""The API's page numbers are bounded: an absurd page is refused as bad input, never sent to the database."""

from __future__ import annotations

import pytest

from accord.core.api_errors import ApiError
from accord.core.api_pages import MAX_PAGE

pytestmark = pytest.mark.django_db
LISTS = [
    "/api/v1/crisis/events",
    "/api/v1/decisions/documents",
    "/api/v1/decisions/sessions",
    "/api/v1/charter/states",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_page_number_beyond_the_bound_is_422(client, url):
    response = client.get(url, {"page": str(10**30)})
    assert response.status_code == 422, response.content
    [issue] = ApiError.model_validate(response.json()).detail
    assert issue.loc == ["query", "page"] and issue.type == "less_than_equal"


def test_the_last_page_allowed_is_an_empty_page(client):
    response = client.get("/api/v1/crisis/events", {"page": MAX_PAGE})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_the_bound_is_in_the_spec(client):
    parameters = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/crisis/events"]["get"][
        "parameters"
    ]
    [page] = [parameter for parameter in parameters if parameter["name"] == "page"]
    assert page["schema"]["maximum"] == MAX_PAGE
