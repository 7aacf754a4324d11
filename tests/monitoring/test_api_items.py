"""Media items and sources in the API: posting to an api source (one or a batch), reading with scopes."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.monitoring import copies
from accord.monitoring.models import Item, Source
from accord.monitoring.sources_services import create_source
from tests.accounts.helpers import make_user
from tests.monitoring.factory import make_item, make_source
from tests.monitoring.intake_helpers import GERMAN_TEXT, GOOD_TEXT, own_roots

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    return own_roots(settings, tmp_path)


SYSTEM = Actor.system("tests")


@pytest.fixture(autouse=True)
def fresh_copies():
    copies.forget()
    yield
    copies.forget()


def api_source(key: str = "client", kind: str = "api") -> Source:
    values = {
        "key": key,
        "name": key,
        "kind": kind,
        "classification": Classification.PUBLIC,
        "releasability": Releasability.EVERYONE,
    }
    return create_source(values, actor=SYSTEM)


def bearer(user, scopes: list[str]) -> dict:
    issued = create_token(user, "client", scopes, datetime.timedelta(days=1), actor=SYSTEM)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


@pytest.fixture
def officer_token():
    user = make_user("api-crc", Role.CRC_DUTY_OFFICER)
    return bearer(
        user,
        ["monitoring:item:add", "monitoring:item:view", "monitoring:source:view", "monitoring:source:change"],
    )


def post(client, body: dict, headers: dict):
    return client.post("/api/v1/monitoring/items", body, content_type="application/json", **headers)


def test_a_batch_is_taken_in_item_by_item(client, officer_token):
    api_source()
    body = {
        "source": "client",
        "items": [
            {"external_id": "de-1", "title": "Sitzung", "text": GERMAN_TEXT},
            {
                "external_id": "big",
                "text": "ж" * 3_000_000,  # 6 MB in UTF-8, within the characters allowed
            },
            {
                "external_id": "en-1",
                "title": "Council",
                "text": GOOD_TEXT,
                "published": "2026-11-30T09:00:00Z",
            },
        ],
    }
    answer = post(client, body, officer_token)
    assert answer.status_code == 201, answer.content
    taken = {row["external_id"]: row for row in answer.json()["items"]}
    assert taken["de-1"]["status"] == "failed" and taken["de-1"]["error_code"] == "unsupported-language"
    assert taken["big"]["status"] == "failed" and taken["big"]["error_code"] == "too-large"
    assert Item.objects.filter(source__key="client").count() == 3
    again = post(client, body, officer_token)
    assert [row["new"] for row in again.json()["items"]] == [False, False, False]
    assert Item.objects.filter(source__key="client").count() == 3


def test_one_good_item_is_processed(client, officer_token):
    api_source()
    answer = post(client, {"source": "client", "external_id": "en-1", "text": GOOD_TEXT}, officer_token)
    assert answer.status_code == 201 and answer.json()["items"][0]["status"] == "processed"


def test_refusals_name_the_field(client, officer_token):
    api_source()
    missing_text = post(client, {"source": "client", "items": [{"external_id": "a"}]}, officer_token)
    assert missing_text.status_code == 422
    assert missing_text.json()["detail"][0]["loc"][-2:] == [0, "text"]
    no_id = post(client, {"source": "client", "text": "x"}, officer_token)
    assert no_id.status_code == 422 and no_id.json()["detail"][0]["loc"][-1] == "external_id"
    too_many = post(
        client,
        {"source": "client", "items": [{"external_id": str(n), "text": "x"} for n in range(101)]},
        officer_token,
    )
    assert too_many.status_code == 422 and "items" in str(too_many.json()["detail"][0]["loc"])
    bad_language = post(
        client, {"source": "client", "external_id": "l", "text": "x", "language": "de"}, officer_token
    )
    assert bad_language.status_code == 422
    assert not Item.objects.filter(source__key="client").exists()


def test_a_client_posts_only_to_an_api_source_it_may_change(client, officer_token):
    api_source("uploads", kind="upload")
    wrong_kind = post(client, {"source": "uploads", "external_id": "a", "text": "x"}, officer_token)
    assert wrong_kind.status_code == 403
    unknown = post(client, {"source": "nowhere", "external_id": "a", "text": "x"}, officer_token)
    assert unknown.status_code == 403
    api_source()
    reader = bearer(make_user("api-reader", Role.READER), ["monitoring:item:add"])
    assert post(client, {"source": "client", "external_id": "a", "text": "x"}, reader).status_code == 403
    unscoped = bearer(make_user("api-crc-2", Role.CRC_DUTY_OFFICER), ["monitoring:item:view"])
    assert post(client, {"source": "client", "external_id": "a", "text": "x"}, unscoped).status_code == 403
    assert not Item.objects.filter(source__key="client").exists()


def test_reading_items_with_their_tags_and_figures(client):
    public = make_source("api-public")
    secret = make_source("api-secret")
    Source.objects.filter(pk=secret.pk).update(classification=Classification.SECRET)
    secret.refresh_from_db()
    shown = make_item(
        public, "p-1", title="Floods", tags=[("state", "TJK")], figures=[(200.0, "tents", "aid")]
    )
    make_item(secret, "s-1", title="Hidden")
    Item.objects.filter(external_id="s-1").update(classification=Classification.SECRET)
    reader = make_user("api-read", Role.READER, clearance=Classification.PUBLIC)
    headers = bearer(reader, ["monitoring:item:view"])
    listed = client.get("/api/v1/monitoring/items", **headers)
    assert listed.status_code == 200
    titles = [row["title"] for row in listed.json()["items"]]
    assert "Floods" in titles and "Hidden" not in titles
    one = client.get(f"/api/v1/monitoring/items/{shown.pk}", **headers).json()
    assert one["tags"][0]["key"] == "TJK" and one["tags"][0]["rule"] == "tests"
    assert one["figures"][0]["value"] == 200.0
    hidden = Item.objects.get(external_id="s-1")
    assert client.get(f"/api/v1/monitoring/items/{hidden.pk}", **headers).status_code == 404
    filtered = client.get("/api/v1/monitoring/items?status=failed", **headers).json()
    assert filtered["count"] == 0


def test_sources_in_the_api(client, officer_token, roots):
    created = client.post(
        "/api/v1/monitoring/sources",
        {
            "key": "api-folder",
            "name": "Drop",
            "kind": "folder",
            "address": str(roots),
            "classification": "PUBLIC",
        },
        content_type="application/json",
        **officer_token,
    )
    assert created.status_code == 201, created.content
    refused = client.post(
        "/api/v1/monitoring/sources",
        {"key": "api-etc", "name": "Etc", "kind": "folder", "address": "/etc"},
        content_type="application/json",
        **officer_token,
    )
    assert refused.status_code == 422 and "address" in refused.json()["detail"]
    listed = client.get("/api/v1/monitoring/sources", **officer_token).json()
    assert "api-folder" in [row["key"] for row in listed["items"]]
    assert client.get("/api/v1/monitoring/sources/api-folder", **officer_token).json()["kind"] == "folder"
    queued = client.post("/api/v1/monitoring/sources/api-folder/fetch", **officer_token)
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    assert Source.objects.get(key="api-folder").last_run_id == queued.json()["run"]
    api_source()
    assert client.post("/api/v1/monitoring/sources/client/fetch", **officer_token).status_code == 422
