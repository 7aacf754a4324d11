"""Documents: who may write them, what the record of changes says, and who read the secret ones."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.charter.models import State
from accord.core.audit import Actor
from accord.core.models import ChangeRecord, ReadRecord
from accord.decisions.models import Document
from accord.decisions.services import DocumentError, create_document, update_document
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


def values(**overrides):
    base = {
        "kind": "report",
        "title_en": "Situation report",
        "date": "2022-06-01",
        "classification": 1,
        "releasability": "members-only",
    }
    return {**base, **overrides}


def test_a_liaison_officer_writes_their_own_states_reports_only():
    officer = make_user("kaz-officer", Role.LIAISON_OFFICER, state="KAZ")
    mine = create_document(values(state=State.objects.get(code="KAZ")), actor=Actor.for_user(officer))
    assert mine.state.code == "KAZ"
    with pytest.raises(PermissionDenied):
        create_document(values(state=State.objects.get(code="TJK")), actor=Actor.for_user(officer))
    with pytest.raises(PermissionDenied):
        create_document(values(), actor=Actor.for_user(officer))


def test_readers_and_duty_officers_write_nothing():
    for role in (Role.READER, Role.CRC_DUTY_OFFICER):
        user = make_user(f"u-{role}", role)
        with pytest.raises(PermissionDenied):
            create_document(values(), actor=Actor.for_user(user))


def test_the_secretariat_records_documents_and_every_change_is_recorded():
    officer = make_user("sec", Role.SECRETARIAT_OFFICER)
    document = create_document(values(), actor=Actor.for_user(officer), reason="session of 2022-06-01")
    update_document(
        Document.objects.get(pk=document.pk),
        values(title_en="Corrected"),
        actor=Actor.for_user(officer),
        reason="typo",
    )
    changes = ChangeRecord.objects.filter(
        object_type="decisions.document", object_id=str(document.pk)
    ).order_by("id")
    assert [(change.action, change.actor_name, change.reason) for change in changes] == [
        ("create", "sec", "session of 2022-06-01"),
        ("update", "sec", "typo"),
    ]
    assert (changes[1].before["title_en"], changes[1].after["title_en"]) == ("Situation report", "Corrected")


def test_named_states_need_at_least_one_state():
    with pytest.raises(DocumentError, match="release_to: name at least one state"):
        create_document(values(releasability="named-states"), actor=Actor.system("tests"))


def test_reading_confidential_and_secret_documents_is_logged(client):
    secret = create_document(values(classification=3), actor=Actor.system("tests"))
    restricted = create_document(values(classification=1, title_en="ordinary"), actor=Actor.system("tests"))
    reader = make_user("kaz-reader", Role.READER, state="KAZ")
    login_verified(client, reader)
    client.get(f"/documents/{secret.pk}/")
    client.get(f"/api/v1/decisions/documents/{secret.pk}")
    client.get(f"/documents/{restricted.pk}/")
    client.get("/documents/export.csv")
    reads = ReadRecord.objects.filter(object_id=str(secret.pk)).order_by("id")
    assert [(read.actor_name, read.via) for read in reads] == [
        ("kaz-reader", "page"),
        ("kaz-reader", "api"),
        ("kaz-reader", "export"),
    ]
    assert not ReadRecord.objects.filter(object_id=str(restricted.pk)).exists()


def test_document_pages_for_a_writer(client):
    officer = make_user("sec-writer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    response = client.post(
        "/documents/new/",
        {
            "kind": "statement",
            "title_en": "Statement on the border",
            "title_ru": "Заявление о границе",
            "date": "2022-06-01",
            "text": "Text.",
            "classification": "0",
            "releasability": "everyone",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title_en="Statement on the border")
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "Statement on the border" in page and "Edit" in page
    edited = client.post(
        f"/documents/{document.pk}/edit/",
        {
            "kind": "statement",
            "title_en": "Statement on the Tajik-Afghan border",
            "date": "2022-06-01",
            "classification": "0",
            "releasability": "named-states",
            "release_to_text": "",
        },
    )
    assert "name at least one state" in edited.content.decode()
    history = client.get(f"/history/decisions.document/{document.pk}/").content.decode()
    assert "sec-writer" in history and "created" in history


def test_a_reader_may_see_but_not_edit(client):
    document = create_document(
        values(classification=0, releasability="everyone"), actor=Actor.system("tests")
    )
    reader = make_user("just-reading", Role.READER)
    login_verified(client, reader)
    assert client.get(f"/documents/{document.pk}/").status_code == 200
    assert client.get(f"/documents/{document.pk}/edit/").status_code == 403
    assert client.get("/documents/new/").status_code == 403


def test_api_writes_need_a_verified_session_and_the_right(client):
    officer = make_user("api-writer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    response = client.post(
        "/api/v1/decisions/documents",
        {
            "kind": "decision",
            "title_en": "By API",
            "date": "2022-01-02",
            "classification": 0,
            "releasability": "everyone",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["title_en"] == "By API"
    bad = client.post(
        "/api/v1/decisions/documents",
        {"kind": "decision", "title_en": "x", "date": "2022-13-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_unknown_and_hidden_documents_are_404_not_403(client):
    secret = create_document(values(classification=3), actor=Actor.system("tests"))
    assert client.get(f"/documents/{secret.pk}/").status_code == 404
    assert client.get(f"/documents/{secret.pk}/edit/").status_code in (302, 404)
    assert client.get(f"/api/v1/decisions/documents/{secret.pk}").status_code == 404
    assert client.get("/documents/999999/").status_code == 404
    assert client.get("/documents/export.xml").status_code == 404


def close_without_ending_the_connection(response) -> None:
    """Close a streamed response as the test client does, without the end-of-request connection cleanup
    (which would close the test's own database transaction on PostgreSQL)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_a_document_file_is_uploaded_and_served_only_to_those_who_may_see_it(client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path
    officer = make_user("filer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    upload = SimpleUploadedFile("decision.pdf", b"%PDF-1.4 signed text", content_type="application/pdf")
    response = client.post(
        "/documents/new/",
        {
            "kind": "decision",
            "title_en": "Signed decision",
            "date": "2022-06-01",
            "classification": "2",
            "releasability": "members-only",
            "attachment": upload,
        },
    )
    assert response.status_code == 302, response.content[:500]
    document = Document.objects.get(title_en="Signed decision")
    download = client.get(f"/documents/{document.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed text"
    close_without_ending_the_connection(download)
    assert ReadRecord.objects.filter(object_id=str(document.pk), via="file").exists()
    created = ChangeRecord.objects.get(object_type="decisions.document", object_id=str(document.pk))
    assert created.after["attachment"].startswith("documents/") and created.after["attachment"].endswith(
        ".pdf"
    )
    assert Client().get(f"/documents/{document.pk}/file/").status_code == 404
