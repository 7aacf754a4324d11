"""Importing a file from /crisis/: who may, what is refused at once, and the run page of the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from accord.charter.models import Body
from accord.core.jobs import declared_periodic
from accord.core.models import Run
from accord.crisis.models import Event
from tests.accounts.helpers import login_verified, make_user
from tests.core.test_jobs import run_worker_once
from tests.crisis.ingest.helpers import ged_lines, replace_field

pytestmark = pytest.mark.django_db


# Periodic work the worker queues when it is due (the early-warning run, the retry of failed e-mails).


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def small_ged(lines: int = 6) -> bytes:
    return "".join(ged_lines()[: lines + 1]).encode("utf-8")


@pytest.fixture
def officer(client):
    user = make_user("officer", "secretariat-officer")
    login_verified(client, user)
    return user


def test_an_officer_uploads_a_ged_file_and_follows_its_import_to_the_counts(client, officer, settings):
    page = client.get("/crisis/")
    assert b'action="/crisis/imports/"' in page.content
    answer = client.post("/crisis/imports/", {"kind": "ucdp-ged", "file": upload("ged.csv", small_ged())})
    run = Run.objects.get(kind="crisis.import-file")
    assert answer.status_code == 302 and answer["Location"] == f"/crisis/runs/{run.pk}/"
    assert (run.status, run.subject, run.actor_user) == (Run.Status.QUEUED, "ged.csv", officer)
    stored = Path(
        DBTaskResult.objects.get(args_kwargs__kwargs__run_id=run.pk).args_kwargs["kwargs"]["arguments"][
            "path"
        ]
    )
    assert stored.is_relative_to(Path(settings.DATA_DIR) / "imports") and stored.stat().st_mode & 0o077 == 0

    waiting = client.get(f"/crisis/runs/{run.pk}/")
    assert b'hx-trigger="every 1s"' in waiting.content and b"<progress" in waiting.content

    run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.added, run.rejected) == (Run.Status.COMPLETE, 6, 0)
    assert not stored.exists()  # the upload is removed once imported
    assert (
        Run.objects.exclude(kind__in=[item.name for item in declared_periodic()]).count() == 1
        and Event.objects.filter(import_run=run).count() == 6
    )  # one upload, one run
    done = client.get(f"/crisis/runs/{run.pk}/progress/")
    assert b"hx-trigger" not in done.content  # finished: the page stops polling
    assert b'<td class="added">6</td>' in done.content


def test_a_file_with_bad_rows_is_refused_with_each_line_and_field(client, officer):
    lines = ged_lines()[:7]
    lines[2] = replace_field(lines[2], "date_start", "2013-02-30")
    client.post("/crisis/imports/", {"kind": "ucdp-ged", "file": upload("bad.csv", "".join(lines).encode())})
    run = Run.objects.get(kind="crisis.import-file")
    run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.added, run.rejected) == (Run.Status.REFUSED, 0, 1)
    assert [message["code"] for message in run.messages] == ["refused", "problem"]
    page = client.get(f"/crisis/runs/{run.pk}/").content.decode()
    assert page.count("The file was refused; nothing was imported.") == 1
    assert "<td>3</td><td>date_start</td><td>&#x27;2013-02-30&#x27; is not a date (YYYY-MM-DD)</td>" in page


def test_keeping_the_good_rows_lists_the_bad_ones(client, officer):
    lines = ged_lines()[:7]
    lines[4] = replace_field(lines[4], "country_id", "999")
    client.post(
        "/crisis/imports/",
        {"kind": "ucdp-ged", "keep_good": "on", "file": upload("mixed.csv", "".join(lines).encode())},
    )
    run_worker_once()
    run = Run.objects.get(subject="mixed.csv")
    assert (run.kind, run.status, run.added, run.rejected) == ("crisis.import-file", Run.Status.PARTIAL, 5, 1)
    assert run.messages == [
        {
            "text": "unknown country (Gleditsch-Ward number 999)",
            "code": "problem",
            "line": 5,
            "field": "country_id",
        }
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "ucdp-ged", "file": ("ged.json", b"[]")}, "file", "read from .csv files"),
        ({"kind": "mapped", "file": ("events.csv", b"id\n")}, "mapping", "Choose the mapping"),
        ({"kind": "ucdp-ged", "file": ("ged.csv", b"MZ\x90\x00binary")}, "file", "Programs and scripts"),
        ({"kind": "ucdp-ged"}, "file", "This field is required"),
        ({"kind": "opml", "file": ("ged.csv", b"id\n")}, "kind", "Select a valid choice"),
    ],
)
def test_a_refused_upload_says_which_field_and_queues_nothing(client, officer, data, field, message):
    if "file" in data:
        data["file"] = upload(*data["file"])
    answer = client.post("/crisis/imports/", data)
    assert answer.status_code == 400
    errors = answer.context["import_form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field])
    assert not Run.objects.filter(kind="crisis.import-file").exists() and not DBTaskResult.objects.exists()


def test_a_reader_sees_no_form_and_may_not_upload(client):
    login_verified(client, make_user("reader"))
    assert b'action="/crisis/imports/"' not in client.get("/crisis/").content
    answer = client.post("/crisis/imports/", {"kind": "ucdp-ged", "file": upload("ged.csv", small_ged())})
    assert answer.status_code == 403 and not DBTaskResult.objects.exists()


def test_only_the_uploader_and_administrators_open_the_run(client, officer):
    client.post("/crisis/imports/", {"kind": "ucdp-ged", "file": upload("ged.csv", small_ged())})
    run = Run.objects.get(kind="crisis.import-file")
    client.logout()
    login_verified(client, make_user("colleague", "secretariat-officer"))
    assert client.get(f"/crisis/runs/{run.pk}/").status_code == 404
    assert client.get(f"/crisis/runs/{run.pk}/progress/").status_code == 404
    client.logout()
    assert client.get(f"/crisis/runs/{run.pk}/").status_code == 404
    login_verified(client, make_user("root", "administrator"))
    assert client.get(f"/crisis/runs/{run.pk}/").status_code == 200


def test_an_uploader_who_may_no_longer_add_events_has_the_import_refused_and_the_file_removed(
    client, officer
):
    client.post("/crisis/imports/", {"kind": "ucdp-ged", "file": upload("ged.csv", small_ged())})
    run = Run.objects.get(kind="crisis.import-file")
    stored = Path(
        DBTaskResult.objects.get(args_kwargs__kwargs__run_id=run.pk).args_kwargs["kwargs"]["arguments"][
            "path"
        ]
    )
    officer.role = "reader"
    officer.save()
    run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.added) == (Run.Status.REFUSED, 0)
    assert run.messages == [{"text": "Your role no longer allows importing events.", "code": "refused"}]
    assert not stored.exists() and not stored.parent.exists()


def test_a_crc_duty_officer_imports_an_events_file_from_the_dashboard(client):
    duty = make_user("duty", "crc-duty-officer")
    duty.affiliation_body = Body.objects.get(key="crisis-response-center")
    duty.save()
    login_verified(client, duty)
    assert b'action="/crisis/imports/"' in client.get("/crisis/").content
    answer = client.post("/crisis/imports/", {"kind": "ucdp-ged", "file": upload("ged.csv", small_ged())})
    assert answer.status_code == 302
    run_worker_once()
    run = Run.objects.get(kind="crisis.import-file", actor_user=duty)
    assert (run.status, run.added) == (Run.Status.COMPLETE, 6)
