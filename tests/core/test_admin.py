"""The admin's change-record pages: a snapshot's links are shown as far as the administrator may follow them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accord.accounts.models import Role, User
from accord.charter.models import Body
from accord.core.audit import Actor, save_with_record
from accord.core.models import ChangeRecord
from accord.decisions.models import AgendaItem, Document, Session
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
HIDDEN_ID = 9_200_002


def administrator(name: str, clearance: int) -> User:
    user = make_user(name, Role.ADMINISTRATOR, clearance=clearance)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def open_item_decided_by_a_secret_document() -> AgendaItem:
    secret = Document(pk=HIDDEN_ID)
    save_with_record(
        secret,
        actor=SYSTEM,
        fields={
            "kind": "decision",
            "title_en": "Nebula hidden decision",
            "date": timezone.localdate(),
            "classification": 3,
            "releasability": "members-only",
        },
    )
    session = Session()
    save_with_record(
        session,
        actor=SYSTEM,
        fields={
            "body": Body.objects.get(key="cmfa"),
            "title_en": "Open session",
            "date": timezone.localdate(),
        },
    )
    item = AgendaItem(session=session, number=1)
    save_with_record(item, actor=SYSTEM, fields={"title_en": "Item 1", "decision": secret})
    return item


def change_record_pages(client, item: AgendaItem) -> str:
    records = ChangeRecord.objects.filter(object_type="decisions.agendaitem", object_id=str(item.pk))
    assert records.exists()
    pages = [client.get(f"/admin/core/changerecord/{record.pk}/change/") for record in records]
    assert all(page.status_code == 200 for page in pages)
    return "".join(page.content.decode() for page in pages)


def test_a_restricted_administrator_sees_no_id_of_a_hidden_record_in_a_visible_change_record(
    client, open_item_decided_by_a_secret_document
):
    login_verified(client, administrator("capped", clearance=1))
    shown = change_record_pages(client, open_item_decided_by_a_secret_document)
    assert str(HIDDEN_ID) not in shown
    assert "Nebula hidden decision" not in shown
    assert "a record you may not see" in shown
    assert "Item 1" in shown, "the rest of the snapshot is shown"


def test_a_cleared_administrator_sees_the_link_by_its_title(client, open_item_decided_by_a_secret_document):
    login_verified(client, administrator("cleared", clearance=3))
    shown = change_record_pages(client, open_item_decided_by_a_secret_document)
    assert "Nebula hidden decision" in shown


@pytest.mark.parametrize("words", [11, 3000])
def test_an_overlong_admin_search_is_refused_with_a_message_not_a_500(client, words):
    login_verified(client, administrator("searcher", clearance=3))
    for page in ("/admin/core/changerecord/", "/admin/accounts/user/", "/admin/charter/state/"):
        response = client.get(page, {"q": " ".join(["a"] * words)})
        assert response.status_code == 200, page
        assert response.context["cl"].result_count == 0
        assert "at most 10 words" in response.content.decode()


def test_a_short_admin_search_still_finds(client):
    login_verified(client, administrator("finder", clearance=3))
    response = client.get("/admin/charter/state/", {"q": "Kazakhstan"})
    assert response.context["cl"].result_count == 1
