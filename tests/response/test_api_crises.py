"""The crises API: list, one crisis, create, change, links and the timeline as of a date; refusals 422."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.classification import Classification, Releasability
from tests.accounts.helpers import login_verified, make_user
from tests.response import timeline_factories as make
from tests.response.timeline_factories import day

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def officer(client):
    user = make_user("api-crc", Role.CRC_DUTY_OFFICER)
    login_verified(client, user)
    return user


def test_create_link_and_read_the_timeline(client, officer):
    body = {"key": "api-floods", "title_en": "Floods", "started_on": "2026-03-01", "states": ["kaz"]}
    made = client.post("/api/v1/response/crises", body, content_type=JSON)
    assert made.status_code == 201, made.content
    assert made.json()["states"] == ["KAZ"]
    request = make.make_request(None, on=day(1), key="api-help")
    make.step(request, "submitted", day(3))
    linked = client.post(
        "/api/v1/response/crises/api-floods/links", {"kind": "request", "name": "api-help"}, content_type=JSON
    )
    assert linked.status_code == 200, linked.content
    whole = client.get("/api/v1/response/crises/api-floods/timeline").json()
    assert [entry["kind"] for entry in whole["entries"]] == ["crisis.started", "request.step"]
    earlier = client.get("/api/v1/response/crises/api-floods/timeline?on=2026-03-02").json()
    assert [entry["kind"] for entry in earlier["entries"]] == ["crisis.started"]
    assert [row["key"] for row in client.get("/api/v1/response/crises").json()["items"]] == ["api-floods"]
    changed = client.patch(
        "/api/v1/response/crises/api-floods", {"ended_on": "2026-04-01"}, content_type=JSON
    )
    assert changed.json()["ended_on"] == "2026-04-01"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "x1", "title_en": "X", "started_on": "2026-03-01", "ended_on": "2026-02-01"}, "ended_on"),
        ({"key": "x2", "title_en": "X", "started_on": "2026-03-01", "states": ["XXX"]}, "states"),
        ({"key": "x3", "title_en": "X", "started_on": "2026-13-01"}, "started_on"),
        (
            {
                "key": "x4",
                "title_en": "X",
                "started_on": "2026-03-01",
                "summary_en": "Led by Ivan Ivanovich Petrov",
            },
            "summary_en",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field(client, officer, body, field):
    answer = client.post("/api/v1/response/crises", body, content_type=JSON)
    assert answer.status_code == 422, answer.content
    assert field in answer.content.decode()


def test_a_hidden_record_cannot_be_linked_and_is_not_told_apart(client):
    make.make_crisis("api-quake")
    make.make_request(
        None,
        key="secret-help",
        classification=Classification.SECRET,
        releasability=Releasability.MEMBERS_ONLY,
    )
    low = make_user("api-low", Role.CRC_DUTY_OFFICER, clearance=Classification.RESTRICTED)
    login_verified(client, low)
    hidden = client.post(
        "/api/v1/response/crises/api-quake/links",
        {"kind": "request", "name": "secret-help"},
        content_type=JSON,
    )
    missing = client.post(
        "/api/v1/response/crises/api-quake/links", {"kind": "request", "name": "no-such"}, content_type=JSON
    )
    assert hidden.status_code == missing.status_code == 422
    said = hidden.content.decode().replace("secret-help", "NAME")
    assert said == missing.content.decode().replace("no-such", "NAME")


def test_a_reader_may_not_create(client):
    login_verified(client, make_user("api-reader", Role.READER, state="KAZ"))
    body = {"key": "x5", "title_en": "X", "started_on": "2026-03-01"}
    assert client.post("/api/v1/response/crises", body, content_type=JSON).status_code == 403
    assert client.get("/api/v1/response/crises/no-such/timeline").status_code == 404
