"""Correcting and withdrawing a result and adding a participant, on the operation's page and in the
API: the forms of those who may change, refusals beside their field (422), a page saying why (403)."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.charter.models import State
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.forces.models import Operation, OperationParticipant, OperationResult
from accord.forces.operations.services import record_result
from tests.accounts.helpers import login_verified, make_user

PAGE = "/forces/operations/mercenary-2019/"
API = "/api/v1/forces/operations/mercenary-2019"


def kaz_result(code: str = "KAZ", value: int = 5) -> OperationResult:
    """A restricted figure of one state, recorded by the system."""
    return record_result(
        Operation.objects.get(key="mercenary-2019"),
        phase="main",
        state=State.objects.get(code=code),
        indicator="financing-facts-revealed",
        value=value,
        source="seed-001",
        actor=Actor.system("test"),
        classification=Classification.RESTRICTED,
        releasability=Releasability.MEMBERS_ONLY,
    )


def logged_in(client, name: str, role: str, state: str | None = None):
    login_verified(client, make_user(name, role, state=state))
    return client


@pytest.mark.django_db
def test_the_secretariat_sees_the_forms_and_the_public_sees_none(client):
    result = kaz_result()
    public = client.get(PAGE).content.decode()
    assert "Correct this result" not in public and "Add a participating state" not in public
    page = logged_in(client, "sec-chg", Role.SECRETARIAT_OFFICER).get(PAGE).content.decode()
    assert f"/results/{result.pk}/correct/" in page and f"/results/{result.pk}/withdraw/" in page
    assert "Add a participating state" in page


@pytest.mark.django_db
def test_a_correction_on_the_page_puts_a_refusal_beside_its_field_and_then_is_kept(client):
    result = kaz_result()
    logged_in(client, "sec-cor", Role.SECRETARIAT_OFFICER)
    form = {"value": "6", "qualifier": "exact", "source": "seed-001", "note": "", "reason": ""}
    address = f"{PAGE}results/{result.pk}/correct/"
    answer = client.post(address, form)
    assert answer.status_code == 422 and f'id="r{result.pk}-reason"' in answer.content.decode()
    assert "This field is required." in answer.content.decode()
    form["reason"] = "Detained: Ivan Petrov and Oleg Sidorov"
    answer = client.post(address, form)
    assert answer.status_code == 422 and "name no one" in answer.content.decode()
    form["reason"] = "the national staff revised the figure"
    assert client.post(address, form).status_code == 302
    assert OperationResult.objects.get(pk=result.pk).value == 6


@pytest.mark.django_db
def test_a_withdrawal_on_the_page_needs_a_reason_and_then_marks_the_result(client):
    result = kaz_result()
    logged_in(client, "sec-wd", Role.SECRETARIAT_OFFICER)
    address = f"{PAGE}results/{result.pk}/withdraw/"
    assert client.post(address, {"reason": ""}).status_code == 422
    assert client.post(address, {"reason": "double counted"}).status_code == 302
    withdrawn = OperationResult.objects.get(pk=result.pk)
    assert withdrawn.withdrawn and withdrawn.withdrawal_reason == "double counted"
    page = client.get(PAGE).content.decode()
    assert f"/results/{result.pk}/withdraw/" not in page


@pytest.mark.django_db
def test_a_liaison_officer_changes_their_own_states_result_only(client):
    own, other = kaz_result("KAZ"), kaz_result("RUS")
    logged_in(client, "kaz-chg", Role.LIAISON_OFFICER, state="KAZ")
    page = client.get(PAGE).content.decode()
    assert f"/results/{own.pk}/correct/" in page and f"/results/{other.pk}/correct/" not in page
    refused = client.post(f"{PAGE}results/{other.pk}/withdraw/", {"reason": "not ours"})
    assert refused.status_code == 403 and "may not change this result" in refused.content.decode()
    assert not OperationResult.objects.get(pk=other.pk).withdrawn
    assert client.post(f"{PAGE}results/{own.pk}/withdraw/", {"reason": "double counted"}).status_code == 302
    refused = client.post(f"{PAGE}participants/", {"state": "KAZ"})
    assert refused.status_code == 403 and "may not change this operation" in refused.content.decode()


@pytest.mark.django_db
def test_a_result_of_another_operation_is_not_found(client):
    result = kaz_result()
    logged_in(client, "sec-404", Role.SECRETARIAT_OFFICER)
    address = f"/forces/operations/illegal-2019/results/{result.pk}/withdraw/"
    assert client.post(address, {"reason": "x"}).status_code == 404
    assert client.get(f"{PAGE}results/{result.pk}/withdraw/").status_code == 405


@pytest.mark.django_db
def test_joining_on_the_page_says_the_charters_rule_beside_the_state(client):
    OperationParticipant.objects.filter(operation__key="mercenary-2019", state__code="KAZ").delete()
    logged_in(client, "sec-join", Role.SECRETARIAT_OFFICER)
    refused = client.post(f"{PAGE}participants/", {"state": "UZB"})
    text = refused.content.decode()
    assert refused.status_code == 422 and "join-operations" in text and 'id="id_state"' in text
    assert client.post(f"{PAGE}participants/", {"state": "KAZ"}).status_code == 302
    joined = OperationParticipant.objects.get(operation__key="mercenary-2019", state__code="KAZ")
    assert joined.capacity == "participant"


@pytest.mark.django_db
def test_the_api_corrects_and_withdraws_with_field_errors(client):
    result = kaz_result()
    anonymous = client.patch(f"{API}/results/{result.pk}", {"reason": "x"}, content_type="application/json")
    assert anonymous.status_code in (401, 403)
    logged_in(client, "sec-apic", Role.SECRETARIAT_OFFICER)
    missing = client.patch(f"{API}/results/{result.pk}", {"value": "7"}, content_type="application/json")
    assert missing.status_code == 422 and "reason" in str(missing.json())
    blank = client.patch(f"{API}/results/{result.pk}", {"reason": " "}, content_type="application/json")
    assert blank.status_code == 422 and blank.json()["detail"].startswith("reason:")
    named = client.patch(
        f"{API}/results/{result.pk}",
        {"value": "7", "reason": "Detained: Ivan Petrov and Oleg Sidorov"},
        content_type="application/json",
    )
    assert named.status_code == 422 and named.json()["detail"].startswith("reason:")
    done = client.patch(
        f"{API}/results/{result.pk}", {"value": "7", "reason": "revised"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["value"] == "7" and done.json()["source"] == "seed-001"
    assert (
        client.post(
            f"{API}/results/999999/withdraw", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    empty = client.post(
        f"{API}/results/{result.pk}/withdraw", {"reason": " "}, content_type="application/json"
    )
    assert empty.status_code == 422 and empty.json()["detail"].startswith("reason:")
    withdrawn = client.post(
        f"{API}/results/{result.pk}/withdraw", {"reason": "double counted"}, content_type="application/json"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True
    again = client.patch(f"{API}/results/{result.pk}", {"reason": "again"}, content_type="application/json")
    assert again.status_code == 422


@pytest.mark.django_db
def test_the_api_refuses_a_liaison_officer_another_states_result(client):
    other = kaz_result("RUS")
    logged_in(client, "kaz-api", Role.LIAISON_OFFICER, state="KAZ")
    answer = client.post(
        f"{API}/results/{other.pk}/withdraw", {"reason": "x"}, content_type="application/json"
    )
    assert answer.status_code == 403
    joined = client.post(f"{API}/participants", {"state": "KAZ"}, content_type="application/json")
    assert joined.status_code == 403


@pytest.mark.django_db
def test_the_api_adds_a_participant_or_answers_the_charters_reasons_on_state(client):
    OperationParticipant.objects.filter(operation__key="mercenary-2019", state__code="KAZ").delete()
    logged_in(client, "sec-apij", Role.SECRETARIAT_OFFICER)
    refused = client.post(f"{API}/participants", {"state": "UZB"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("state:") and "join-operations" in refused.json()["detail"]
    unknown = client.post(f"{API}/participants", {"state": "XXX"}, content_type="application/json")
    assert unknown.status_code == 422
    made = client.post(f"{API}/participants", {"state": "KAZ"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["capacity"] == "participant"
    assert "full-participation" in made.json()["reason"]


@pytest.mark.django_db
def test_the_operation_page_and_its_forms_speak_russian(client):
    kaz_result()
    logged_in(client, "sec-ru", Role.SECRETARIAT_OFFICER)
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    for said in (
        "Исправить этот результат",
        "Причина отзыва",
        "Добавить государство-участника",
        "≈ 600 чел.",
    ):
        assert said in page, said
    assert "<td>операция</td>" in page and "<td>main</td>" not in page
    assert ">участник<" in page and "people" not in page
