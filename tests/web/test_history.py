"""The history page of one record, and the auditors' log of reads."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.core.audit import Actor, delete_with_record, log_read
from accord.core.models import ChainHead, ReadRecord
from accord.decisions.services import create_document, update_document
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
TESTS = Actor.system("tests")


def document(title: str, classification: int = 3, releasability: str = "members-only"):
    return create_document(
        {
            "kind": "decision",
            "title_en": title,
            "date": "2022-01-01",
            "classification": classification,
            "releasability": releasability,
        },
        actor=TESTS,
    )


def test_the_read_log_has_no_public_history_page(client):
    secret = document("read by the administrator")
    log_read(make_user("root-reader", Role.ADMINISTRATOR), secret, "page")
    read = ReadRecord.objects.latest("id")
    assert client.get(f"/history/core.readrecord/{read.pk}/").status_code == 404
    login_verified(client, make_user("an-admin", Role.ADMINISTRATOR))
    assert client.get(f"/history/core.readrecord/{read.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/history/core.chainhead/1/",
        "/history/core.changerecord/1/",
        "/history/decisions.document/abc/",
        "/history/decisions.document/1.5/",
        "/history/decisions.document/99999999999999999999999999/",
        "/history/accounts.user/1/",
        "/history/no.such/1/",
    ],
)
def test_malformed_or_unknown_history_answers_404(client, path):
    assert ChainHead.objects.exists()
    assert client.get(path).status_code == 404


def test_the_history_hides_the_changes_made_while_a_record_was_secret(client):
    record = document("Plan while secret")
    update_document(
        record, {"classification": 0, "releasability": "everyone", "title_en": "Plan"}, actor=TESTS
    )
    page = client.get(f"/history/decisions.document/{record.pk}/")
    assert page.status_code == 200
    assert "Plan while secret" not in page.content.decode()
    login_verified(client, make_user("cleared-reader", Role.READER, clearance=3))
    assert "Plan while secret" in client.get(f"/history/decisions.document/{record.pk}/").content.decode()


def test_a_deleted_record_keeps_its_history_for_those_its_labels_allow(client):
    record = document("Withdrawn plan")
    pk = record.pk
    delete_with_record(record, actor=TESTS, reason="withdrawn")
    assert client.get(f"/history/decisions.document/{pk}/").status_code == 404
    login_verified(client, make_user("uncleared", Role.ADMINISTRATOR, clearance=1))
    assert client.get(f"/history/decisions.document/{pk}/").status_code == 404
    client.logout()
    login_verified(client, make_user("cleared", Role.SECRETARIAT_OFFICER, clearance=3))
    page = client.get(f"/history/decisions.document/{pk}/")
    assert page.status_code == 200
    assert "Withdrawn plan" in page.content.decode() and "withdrawn" in page.content.decode()


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.AUDITOR])
def test_only_auditors_browse_the_log_of_reads(client, role):
    login_verified(client, make_user(f"not-auditor-{role}", role))
    assert client.get("/audit/reads/").status_code == 403


def test_an_auditor_browses_the_log_of_reads(client):
    secret = document("watched")
    log_read(make_user("reading-officer", Role.SECRETARIAT_OFFICER), secret, "page")
    auditor = make_user("the-auditor", Role.AUDITOR)
    login_verified(client, auditor)
    page = client.get("/audit/reads/", {"user": "reading-officer"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f"decisions.document#{secret.pk}" in text and "reading-officer" in text
    assert "watched" not in text  # the log names records, it does not show them
    assert client.get("/audit/reads/", {"user": "someone-else"}).context["page"].paginator.count == 0


def test_the_public_does_not_browse_the_log_of_reads(client):
    assert client.get("/audit/reads/").status_code in (302, 403)


def test_reading_the_history_of_a_secret_record_is_logged(client):
    record = document("Plan Zenith")
    reader = make_user("history-reader", Role.SECRETARIAT_OFFICER, clearance=3)
    login_verified(client, reader)
    page = client.get(f"/history/decisions.document/{record.pk}/")
    assert "Plan Zenith" in page.content.decode()
    read = ReadRecord.objects.get(object_type="decisions.document", object_id=str(record.pk))
    assert (read.actor_name, read.via, read.classification) == ("history-reader", "history", 3)


def test_every_restricted_model_has_a_history_page_for_those_who_see_it(client):
    from accord.accounts.tokens import create_token

    administrator = make_user("history-admin", Role.ADMINISTRATOR)
    holder = make_user("token-holder", Role.READER)
    token = create_token(holder, "feed", ["crisis:event:view"], datetime.timedelta(days=1), actor=TESTS).token
    login_verified(client, administrator)
    page = client.get(f"/history/accounts.apitoken/{token.pk}/")
    assert page.status_code == 200 and "API token issued" in page.content.decode()
    assert client.get(f"/history/accounts.user/{holder.pk}/").status_code == 200
    client.logout()
    login_verified(client, make_user("history-reader", Role.READER))
    assert client.get(f"/history/accounts.apitoken/{token.pk}/").status_code == 404
