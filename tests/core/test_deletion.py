"""Deleting a recorded fact: explicit, access-checked, with its reason in the record and the history."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter import models as charter
from accord.charter.services import record_relation
from accord.core.audit import Actor
from accord.core.deletion import DeletionError, delete_fact
from accord.core.models import ChangeRecord
from accord.decisions.models import Session
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def recorded_relation() -> charter.DiplomaticRelation:
    states = charter.State.objects.filter(code__in=["ARM", "AZE"]).order_by("code")
    return record_relation(*states, established=datetime.date(1992, 1, 1), source="MFA", actor=SYSTEM)


def deletion_of(instance) -> ChangeRecord:
    return ChangeRecord.objects.get(
        object_type=instance._meta.label_lower, object_id=str(instance.pk), action="delete"
    )


def test_a_recorded_fact_is_deleted_with_its_reason_recorded():
    relation = recorded_relation()
    pk = relation.pk
    delete_fact(SYSTEM, relation, "  Recorded for the wrong pair.  ")
    assert not charter.DiplomaticRelation.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(
        object_type="charter.diplomaticrelation", object_id=str(pk), action="delete"
    )
    assert record.reason == "Recorded for the wrong pair." and record.actor_name == "system:tests"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_no_deletion_without_a_reason(reason):
    relation = recorded_relation()
    with pytest.raises(DeletionError) as refused:
        delete_fact(SYSTEM, relation, reason)
    assert refused.value.field == "reason"
    assert charter.DiplomaticRelation.objects.filter(pk=relation.pk).exists()


def test_a_row_a_data_file_owns_is_deleted_by_editing_the_file():
    zas = charter.Appointment.objects.get(person_en="Stanislav Zas")
    with pytest.raises(
        DeletionError, match=r"comes from the data file charter\.yaml, which would load it again"
    ):
        delete_fact(SYSTEM, zas, "wrong")
    assert charter.Appointment.objects.filter(pk=zas.pk).exists()


def test_a_row_others_refer_to_is_not_deleted_with_them():
    from accord.decisions.services import create_session

    session = create_session(
        {"body": charter.Body.objects.get(key="cmfa"), "title_en": "Mine", "date": datetime.date(2023, 1, 1)},
        list(charter.State.objects.filter(code__in=["ARM", "KAZ"])),
        actor=SYSTEM,
    )
    with pytest.raises(DeletionError, match="2 other record"):
        delete_fact(SYSTEM, session, "a duplicate")
    assert Session.objects.filter(pk=session.pk).exists()


def test_a_reader_may_not_delete():
    reader = make_user("reader", Role.READER)
    relation = recorded_relation()
    with pytest.raises(PermissionDenied, match="does not allow deleting this diplomatic relation"):
        delete_fact(Actor.for_user(reader), relation, "because")
    assert charter.DiplomaticRelation.objects.filter(pk=relation.pk).exists()


def test_the_cli_deletes_and_refuses_bad_input_with_status_2():
    relation = recorded_relation()
    for arguments in (
        ["no.such", "1", "--reason", "x"],
        ["charter.diplomaticrelation", "abc", "--reason", "x"],
        ["charter.diplomaticrelation", "999999", "--reason", "x"],
        ["charter.diplomaticrelation", str(relation.pk), "--reason", " "],
        ["core.changerecord", "1", "--reason", "x"],
    ):
        with pytest.raises(CommandError) as refused:
            call_command("delete", *arguments, stdout=io.StringIO())
        assert refused.value.returncode == 2, arguments
    out = io.StringIO()
    call_command("delete", "charter.diplomaticrelation", str(relation.pk), "--reason", "typo", stdout=out)
    assert out.getvalue().startswith("Deleted: ")
    assert deletion_of(relation).reason == "typo"


def api_delete(client, relation, body, user):
    issued = create_token(user, "t", ["core:record:delete"], datetime.timedelta(days=1), actor=SYSTEM)
    return client.delete(
        f"/api/v1/records/charter.diplomaticrelation/{relation.pk}",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
    )


def test_the_api_deletes_with_a_reason_and_names_the_missing_field(client):
    relation = recorded_relation()
    officer = make_user("sec", Role.SECRETARIAT_OFFICER)
    missing = api_delete(client, relation, {}, officer)
    assert missing.status_code == 422, missing.content
    assert missing.json()["detail"][0]["loc"] == ["body", "payload", "reason"]
    blank = api_delete(client, relation, {"reason": " "}, officer)
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"] == ["body", "payload", "reason"]
    refused = api_delete(client, relation, {"reason": "x"}, make_user("reader", Role.READER))
    assert refused.status_code == 403
    done = api_delete(client, relation, {"reason": "Wrong pair."}, officer)
    assert done.status_code == 200, done.content
    assert done.json()["history"] == f"/history/charter.diplomaticrelation/{relation.pk}/"
    assert deletion_of(relation).reason == "Wrong pair."


def test_the_history_page_offers_deletion_and_then_shows_it(client):
    relation = recorded_relation()
    officer = make_user("sec", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    page = f"/history/charter.diplomaticrelation/{relation.pk}/"
    assert 'name="reason"' in client.get(page).content.decode()
    zas = charter.Appointment.objects.get(person_en="Stanislav Zas")
    owned = client.get(f"/history/charter.appointment/{zas.pk}/").content.decode()
    assert "remove it from the file" in owned and 'name="reason"' not in owned
    blank = client.post(page + "delete/", {"reason": ""}, follow=True)
    assert "say why the record is deleted" in blank.content.decode()
    done = client.post(page + "delete/", {"reason": "Recorded twice."}, follow=True)
    text = done.content.decode()
    assert "(deleted)" in text and "Recorded twice." in text
    reader = make_user("reader", Role.READER)
    login_verified(client, reader)
    other = recorded_relation()
    assert (
        'name="reason"' not in client.get(f"/history/charter.diplomaticrelation/{other.pk}/").content.decode()
    )
    assert client.post(
        f"/history/charter.diplomaticrelation/{other.pk}/delete/", {"reason": "x"}
    ).status_code in (
        302,
        403,
    )
    assert charter.DiplomaticRelation.objects.filter(pk=other.pk).exists()
