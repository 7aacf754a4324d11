"""The document form offers only the labels its user could read back: nobody creates what they cannot see."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.charter.models import State, StateStatus
from accord.core.models import ChangeRecord
from accord.decisions.forms import DocumentForm
from accord.decisions.models import Document
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
ALL_RELEASES = ["everyone", "members-and-partners", "members-only", "named-states"]


@pytest.fixture
def serbia_a_partner():
    """Serbia a partner since 2022 (no such status is in the charter file)."""
    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")


def offered(form: DocumentForm) -> tuple[list, list, object, object]:
    return (
        [value for value, _label in form.fields["classification"].choices],
        [value for value, _label in form.fields["releasability"].choices],
        form["classification"].value(),
        form["releasability"].value(),
    )


def written() -> tuple[int, int]:
    return Document.objects.count(), ChangeRecord.objects.count()


def page_form(client) -> DocumentForm:
    response = client.get("/documents/new/")
    assert response.status_code == 200
    return response.context["form"]


def document_post(**values) -> dict:
    return {
        "kind": "report",
        "title_en": "Partner's note",
        "date": "2022-06-01",
        "classification": "1",
        "releasability": "members-and-partners",
        **values,
    }


def test_a_partner_liaisons_document_form_offers_only_what_they_can_see(serbia_a_partner):
    liaison = make_user("srb-liaison", Role.LIAISON_OFFICER, state="SRB", clearance=3)
    form = DocumentForm(user=liaison)
    assert offered(form) == (
        [0, 1],
        ["everyone", "members-and-partners", "named-states"],
        1,
        "members-and-partners",
    )


def test_a_suspended_members_user_is_offered_public_records_only():
    StateStatus.objects.create(
        state=State.objects.get(code="AFG"), status="suspended", valid_from="2022-01-01"
    )
    form = DocumentForm(user=make_user("afg-liaison", Role.LIAISON_OFFICER, state="AFG", clearance=3))
    assert offered(form) == ([0], ["everyone", "named-states"], 0, "everyone")


def test_a_member_liaison_keeps_the_choices_they_had(client):
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ", clearance=2)
    login_verified(client, liaison)
    classifications, releasabilities, _level, audience = offered(page_form(client))
    assert (classifications, releasabilities, audience) == ([0, 1, 2], ALL_RELEASES, "members-only")


def test_a_partners_administrator_is_offered_only_what_they_can_see(client, serbia_a_partner):
    writer = make_user("srb-admin", Role.ADMINISTRATOR, state="SRB", clearance=3)
    login_verified(client, writer)
    assert offered(page_form(client)) == (
        [0, 1],
        ["everyone", "members-and-partners", "named-states"],
        1,
        "members-and-partners",
    )


def test_posting_members_only_is_an_error_on_the_field_and_saves_nothing(client, serbia_a_partner):
    writer = make_user("srb-admin", Role.ADMINISTRATOR, state="SRB", clearance=3)
    login_verified(client, writer)
    before = written()
    response = client.post("/documents/new/", document_post(releasability="members-only", classification="2"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "you could not read it" in form.errors["releasability"][0]
    assert "you could not read it" in form.errors["classification"][0]
    assert not form.non_field_errors()
    assert written() == before


def test_within_their_reach_the_partners_document_is_saved_and_seen(client, serbia_a_partner):
    writer = make_user("srb-admin", Role.ADMINISTRATOR, state="SRB", clearance=3)
    login_verified(client, writer)
    response = client.post("/documents/new/", document_post())
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200, "the writer sees what they wrote"


def test_named_states_without_ones_own_state_is_an_error_on_that_field(client):
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ", clearance=3)
    login_verified(client, liaison)
    before = written()
    response = client.post(
        "/documents/new/",
        document_post(
            state=State.objects.get(code="KAZ").pk, releasability="named-states", release_to_text="ARM"
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["release_to_text"] == [
        "name your own state (KAZ) among the named states, or you could not read it yourself"
    ]
    assert written() == before
