"""The API answers JSON everywhere under /api/v1/, and refuses the public's writes before any lookup."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/api/v1/no-such-thing", "/api/v1/charter/instruments/a/b", "/api/v1/decisions/documents/1/x"]
)
def test_a_url_that_names_no_operation_is_a_json_404(client, url):
    for response in (client.get(url), client.post(url, {}, content_type="application/json")):
        assert response.status_code == 404
        assert response.json() == {"detail": "No such endpoint."}


def test_the_public_is_asked_for_credentials_before_a_record_is_looked_up(client):
    for url in ("/api/v1/decisions/sessions/1/minutes", "/api/v1/decisions/sessions/999999/minutes"):
        response = client.post(url, {"text": "Minutes"}, content_type="application/json")
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"].startswith("Bearer")
