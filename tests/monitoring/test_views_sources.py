"""The pages of sources and items, as a CRC duty officer (who keeps sources) and as a reader."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.accounts.models import Role
from accord.core.classification import Classification
from accord.core.models import Run
from accord.monitoring import copies
from accord.monitoring.models import Item, Source
from tests.accounts.helpers import login_verified, make_user
from tests.monitoring.factory import make_item, make_source
from tests.monitoring.intake_helpers import GERMAN_TEXT, own_roots

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    return own_roots(settings, tmp_path)


@pytest.fixture(autouse=True)
def fresh_copies():
    copies.forget()
    yield
    copies.forget()


@pytest.fixture
def officer(client):
    user = make_user("pg-mon-crc", Role.CRC_DUTY_OFFICER)
    login_verified(client, user)
    return user


@pytest.fixture
def reader(client):
    user = make_user("pg-mon-reader", Role.READER, clearance=Classification.PUBLIC)
    login_verified(client, user)
    return user


def test_the_list_is_empty_then_shows_the_sources(client, officer):
    page = client.get("/monitoring/sources/").content.decode()
    assert "No source yet" in page and "New source" in page
    make_source("pg-wire")
    assert "Pg Wire" in client.get("/monitoring/sources/").content.decode()


def test_an_officer_creates_a_source_and_a_refusal_stands_beside_its_field(client, officer, roots):
    refused = client.post(
        "/monitoring/sources/new/",
        {
            "key": "pg-etc",
            "name": "Etc",
            "kind": "folder",
            "address": "/etc",
            "reliability": "B",
            "every_minutes": 0,
            "classification": 0,
            "releasability": "everyone",
        },
    )
    assert refused.status_code == 200 and "monitoring folders" in refused.content.decode()
    assert not Source.objects.filter(key="pg-etc").exists()
    created = client.post(
        "/monitoring/sources/new/",
        {
            "key": "pg-drop",
            "name": "Drop",
            "kind": "folder",
            "address": str(roots),
            "reliability": "B",
            "every_minutes": 30,
            "active": "on",
            "classification": 0,
            "releasability": "everyone",
        },
    )
    assert created.status_code == 302 and created["Location"] == "/monitoring/sources/pg-drop/"
    edited = client.post(
        "/monitoring/sources/pg-drop/edit/",
        {
            "key": "ignored",
            "name": "Drop folder",
            "kind": "folder",
            "address": str(roots),
            "reliability": "C",
            "every_minutes": 30,
            "active": "on",
            "classification": 0,
            "releasability": "everyone",
        },
    )
    assert edited.status_code == 302
    source = Source.objects.get(key="pg-drop")
    assert source.name == "Drop folder" and source.reliability == "C"
    page = client.get("/monitoring/sources/pg-drop/").content.decode()
    assert "Fetch now" in page and "Upload files" in page and "Edit the source" in page
    fetched = client.post("/monitoring/sources/pg-drop/fetch/")
    assert fetched.status_code == 302
    run = Run.objects.get(pk=Source.objects.get(key="pg-drop").last_run_id)
    assert fetched["Location"].endswith(f"/runs/{run.pk}/") and run.status == Run.Status.QUEUED


def test_uploading_files_each_becomes_an_item_and_a_large_one_fails_on_its_own(client, officer, settings):
    from tests.core.test_jobs import run_worker_once

    make_source("pg-uploads")
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    files = [
        SimpleUploadedFile("german.txt", GERMAN_TEXT.encode("utf-8"), content_type="text/plain"),
        SimpleUploadedFile(
            "huge.html", b"<p>" + b"a" * (6 * 1024 * 1024) + b"</p>", content_type="text/html"
        ),
        SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
    ]
    answer = client.post("/monitoring/sources/pg-uploads/upload/", {"files": files})
    assert answer.status_code == 302 and "/runs/" in answer["Location"]
    run_worker_once()
    items = {item.title: item for item in Item.objects.filter(source__key="pg-uploads")}
    assert items["huge.html"].error_code == "too-large" and "6.0 MB" in items["huge.html"].error
    assert items["german.txt"].error_code == "unsupported-language"
    assert items["run.exe"].status == "failed"
    run = Run.objects.filter(kind="monitoring.take-in-uploads").latest("pk")
    assert run.status == Run.Status.PARTIAL and run.rejected == 3
    page = client.get("/monitoring/sources/pg-uploads/").content.decode()
    assert "Items that could not be read" in page and "too-large" in page


def test_a_reader_sees_public_items_only_and_no_controls(client, reader):
    public = make_source("pg-public")
    secret = make_source("pg-secret")
    Source.objects.filter(pk=secret.pk).update(classification=Classification.SECRET)
    secret.refresh_from_db()
    item = make_item(
        public, "pg-1", title="Floods in the valley", text="Floods hit the valley.", tags=[("state", "TJK")]
    )
    item.tags.update(spans=[[len(item.title) + 2, len(item.title) + 8]])
    hidden = make_item(secret, "pg-2", title="Closed report")
    Item.objects.filter(pk=hidden.pk).update(classification=Classification.SECRET)
    listing = client.get("/monitoring/items/").content.decode()
    assert "Floods in the valley" in listing and "Closed report" not in listing
    sources = client.get("/monitoring/sources/").content.decode()
    assert "Pg Public" in sources and "Pg Secret" not in sources and "New source" not in sources
    page = client.get("/monitoring/sources/pg-public/").content.decode()
    assert "Fetch now" not in page and "Upload files" not in page and "Edit the source" not in page
    detail = client.get(f"/monitoring/items/{item.pk}/").content.decode()
    assert "<mark" in detail and ">Floods</mark>" in detail and "Tajikistan" in detail
    assert client.get(f"/monitoring/items/{hidden.pk}/").status_code == 404
    assert client.get("/monitoring/sources/pg-secret/").status_code == 404
    assert client.get("/monitoring/sources/new/").status_code == 403
    assert client.post("/monitoring/sources/pg-public/fetch/").status_code == 403


def test_the_items_list_filters_and_pages(client, officer):
    source = make_source("pg-many")
    for number in range(55):
        make_item(
            source, f"pg-m-{number:02d}", title=f"Item {number:02d}", language="ru" if number % 2 else "en"
        )
    first = client.get("/monitoring/items/?source=pg-many").content.decode()
    assert "page 1 of 2" in first and "55 items" in first
    russian = client.get("/monitoring/items/?source=pg-many&language=ru").content.decode()
    assert "27 items" in russian
    failed = client.get("/monitoring/items/?status=failed").content.decode()
    assert "No item you may see matches." in failed
    assert client.get("/monitoring/items/?day=2026-02-30").status_code == 200
