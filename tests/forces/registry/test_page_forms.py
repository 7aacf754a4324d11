"""The registry's page forms: a contribution on the formation page, a change on the contribution page,
a joint event and a contact on the organization page, training figures on the personnel page. The forms
are shown only to those who may write; others get the 403 page saying why; errors stand beside fields."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.charter.models import Body
from accord.core.models import ChangeRecord
from accord.forces.models import Contribution, InstitutionalContact, JointEvent, PersonnelTraining
from tests.accounts.helpers import login_verified, make_user
from tests.forces.registry.helpers import contribution

pytestmark = pytest.mark.django_db

CONTRIBUTION = {
    "form": "contribution",
    "state": "KAZ",
    "unit_type": "airborne",
    "personnel": "300",
    "valid_from": "2023-01-01",
    "source_text": "national report",
    "classification": "2",
    "releasability": "members-only",
}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def error_beside(html: str, field: str) -> bool:
    """Whether an error list stands right before the field's label (Django's as_p layout)."""
    return f'<ul class="errorlist" id="id_{field}_error">' in html


def test_a_liaison_officer_records_their_states_contribution_on_the_formation_page(client):
    address = "/forces/formations/crdf-car/"
    assert "Record a contribution" not in page(client, address)
    login_verified(client, make_user("kaz", Role.LIAISON_OFFICER, state="KAZ"))
    shown = page(client, address)
    assert "Record a contribution" in shown and '<option value="TJK"' not in shown
    done = client.post(address, CONTRIBUTION)
    assert done.status_code == 302
    assert Contribution.objects.get(state__code="KAZ", unit_type="airborne").personnel == 300
    bad = client.post(address, {**CONTRIBUTION, "personnel": "-1", "description_en": "Ivanov I.I. company"})
    assert bad.status_code == 422 and error_beside(bad.content.decode(), "personnel")
    named = client.post(address, {**CONTRIBUTION, "description_en": "Ivanov I.I. company"})
    assert named.status_code == 422 and error_beside(named.content.decode(), "description_en")
    other = client.post(address, {**CONTRIBUTION, "state": "TJK"})
    assert other.status_code == 403 and "own state" in other.content.decode()
    assert Contribution.objects.filter(unit_type="airborne").count() == 1


def test_the_public_and_a_reader_get_the_403_page_saying_why(client):
    assert client.post("/forces/formations/crdf-car/", CONTRIBUTION).status_code == 403
    login_verified(client, make_user("reader", Role.READER))
    refused = client.post("/forces/formations/crdf-car/", CONTRIBUTION)
    assert refused.status_code == 403 and "role does not allow" in refused.content.decode()
    assert not Contribution.objects.filter(unit_type="airborne").exists()


def test_a_contribution_is_changed_on_its_page_with_the_reason_kept(client):
    item = contribution(state="KAZ", personnel=500)
    address = f"/forces/contributions/{item.pk}/"
    login_verified(client, make_user("kaz", Role.LIAISON_OFFICER, state="KAZ"))
    assert "Change this contribution" in page(client, address)
    values = {
        "form": "change",
        "personnel": "500",
        "valid_from": "2021-01-01",
        "valid_until": "2024-06-30",
        "source_text": "national report",
        "classification": "2",
        "releasability": "members-only",
        "reason": "rotation ended",
    }
    unreasoned = client.post(address, {**values, "reason": ""})
    assert unreasoned.status_code == 422 and error_beside(unreasoned.content.decode(), "reason")
    low = client.post(address, {**values, "classification": "1"})
    assert low.status_code == 422 and "never lowered" in low.content.decode()
    assert client.post(address, values).status_code == 302
    assert Contribution.objects.get(pk=item.pk).valid_until.isoformat() == "2024-06-30"
    record = ChangeRecord.objects.filter(object_type="forces.contribution", object_id=str(item.pk)).last()
    assert record.reason == "rotation ended"
    assert not item.readiness.exists()


def test_another_states_officer_may_not_change_a_contribution(client):
    item = contribution(state="KAZ", classification=0, releasability="everyone")
    login_verified(client, make_user("rus", Role.LIAISON_OFFICER, state="RUS"))
    assert "Change this contribution" not in page(client, f"/forces/contributions/{item.pk}/")
    refused = client.post(
        f"/forces/contributions/{item.pk}/", {"form": "change", "personnel": "1", "reason": "x"}
    )
    assert refused.status_code == 403 and "own state" in refused.content.decode()
    assert Contribution.objects.get(pk=item.pk).personnel == 500


def test_a_joint_event_and_a_contact_on_the_organization_page(client):
    address = "/forces/cooperation/icrc/"
    assert "Record a joint event" not in page(client, address)
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    shown = page(client, address)
    assert "Record a joint event" in shown and "Record a contact between institutions" in shown
    event = {
        "form": "event",
        "title_en": "Consultations on demining",
        "date": "2024-05-01",
        "date_precision": "month",
        "kind": "consultation",
        "status": "held",
    }
    assert client.post(address, event).status_code == 302
    assert JointEvent.objects.get(title_en="Consultations on demining").organizations.get().key == "icrc"
    missing = client.post(address, {**event, "title_en": ""})
    assert missing.status_code == 422 and error_beside(missing.content.decode(), "title_en")
    body = Body.objects.order_by("pk").first()
    contact = {
        "form": "contact",
        "their_unit": "Regional delegation",
        "our_body": str(body.pk),
        "channel": "correspondence",
        "classification": "1",
        "releasability": "members-only",
    }
    assert client.post(address, contact).status_code == 302
    assert InstitutionalContact.objects.filter(their_unit="Regional delegation").exists()
    named = client.post(address, {**contact, "their_unit": "Ivan Petrov, Sergei Ivanov"})
    assert named.status_code == 422 and error_beside(named.content.decode(), "their_unit")


def test_a_liaison_officer_may_not_record_cooperation(client):
    login_verified(client, make_user("kaz", Role.LIAISON_OFFICER, state="KAZ"))
    assert "Record a joint event" not in page(client, "/forces/cooperation/icrc/")
    refused = client.post(
        "/forces/cooperation/icrc/", {"form": "event", "title_en": "x", "kind": "consultation"}
    )
    assert refused.status_code == 403 and refused.content.decode().count("joint event") >= 1
    assert not JointEvent.objects.filter(title_en="x").exists()


def test_training_figures_on_the_personnel_page(client):
    assert "Record training figures" not in page(client, "/forces/personnel/")
    login_verified(client, make_user("kaz", Role.LIAISON_OFFICER, state="KAZ"))
    assert "Record training figures" in page(client, "/forces/personnel/")
    values = {
        "form": "personnel",
        "year": "2023",
        "state": "KAZ",
        "field": "",
        "institution_en": "Military academy",
        "places_offered": "40",
        "places_used": "35",
        "classification": "1",
        "releasability": "members-only",
    }
    done = client.post("/forces/personnel/", values)
    assert done.status_code == 302 and done["Location"].endswith("year=2023")
    assert PersonnelTraining.objects.get(institution_en="Military academy").places_used == 35
    over = client.post("/forces/personnel/", {**values, "places_used": "50"})
    assert over.status_code == 422 and error_beside(over.content.decode(), "places_used")
    other = client.post("/forces/personnel/", {**values, "state": "RUS"})
    assert other.status_code == 403 and "own state" in other.content.decode()


def test_the_forms_in_russian(client):
    client.cookies["django_language"] = "ru"
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    shown = page(client, "/forces/formations/crdf-car/")
    assert "Учесть вклад" in shown and "Только цифры и подразделения" in shown
    changing = page(client, f"/forces/contributions/{contribution().pk}/")
    assert "Изменить этот вклад" in changing and "Сохраняется в истории изменений" in changing
    cooperation = page(client, "/forces/cooperation/icrc/")
    assert (
        "Учесть совместное мероприятие" in cooperation and "Учесть контакт между учреждениями" in cooperation
    )
    assert "Учесть данные о подготовке" in page(client, "/forces/personnel/")
