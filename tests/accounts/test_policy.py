"""The access policy behind restrict(): the charter is open to read, closed to change."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.accounts.models import Role
from accord.charter.models import Chairmanship, State
from accord.core.access import SYSTEM_USER
from accord.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return {
        role: django_user_model.objects.create(username=f"user-{role}", role=role) for role in Role.values
    }


def test_everyone_may_view_the_charter(users):
    for user in [AnonymousUser(), *users.values()]:
        assert Chairmanship.objects.restrict(user, "view").count() == 4


@pytest.mark.parametrize(
    ("role", "may_change"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.SECRETARIAT_OFFICER, True),
        (Role.CRC_DUTY_OFFICER, False),
        (Role.LIAISON_OFFICER, False),
        (Role.READER, False),
    ],
)
def test_only_administrators_and_the_secretariat_change_the_charter(users, role, may_change):
    assert State.objects.restrict(users[role], "change").exists() is may_change


def test_the_public_changes_nothing():
    assert not State.objects.restrict(AnonymousUser(), "change").exists()


def test_an_inactive_writer_changes_nothing(users):
    user = users[Role.ADMINISTRATOR]
    user.is_active = False
    assert not State.objects.restrict(user, "change").exists()


def test_change_records_follow_the_objects(users, actor):
    from accord.decisions.models import Document
    from accord.decisions.services import create_document

    secret = create_document(
        {
            "kind": "decision",
            "title_en": "secret",
            "date": "2022-01-01",
            "classification": 3,
            "releasability": "members-only",
        },
        actor=actor,
    )
    reader = users[Role.READER]
    visible = ChangeRecord.objects.restrict(reader, "view")
    assert visible.filter(object_type="charter.state").exists()
    assert not visible.filter(object_type="decisions.document", object_id=str(secret.pk)).exists()
    assert not visible.filter(object_type="accounts.user").exists()
    assert (
        ChangeRecord.objects.restrict(users[Role.SECRETARIAT_OFFICER], "view")
        .filter(object_type="decisions.document")
        .exists()
    )
    assert ChangeRecord.objects.restrict(SYSTEM_USER, "view").count() == ChangeRecord.objects.count()
    assert not Document.objects.restrict(reader).filter(pk=secret.pk).exists()


def secret_document(actor, title="secret plan"):
    from accord.decisions.services import create_document

    return create_document(
        {
            "kind": "decision",
            "title_en": title,
            "date": "2022-01-01",
            "classification": 3,
            "releasability": "members-only",
        },
        actor=actor,
    )


def restricted_administrator():
    from tests.accounts.helpers import make_user

    return make_user("restricted-admin", Role.ADMINISTRATOR, clearance=1)


def test_an_administrator_sees_no_change_record_above_their_clearance(actor):
    document = secret_document(actor)
    records = ChangeRecord.objects.filter(object_type="decisions.document", object_id=str(document.pk))
    administrator = restricted_administrator()
    assert records.exists()
    assert not records.restrict(administrator).exists()
    assert records.restrict(SYSTEM_USER).exists()


def test_a_change_record_keeps_the_labels_of_its_snapshot(actor):
    """Downgrading a record does not open the records of its SECRET past."""
    from accord.decisions.services import update_document
    from tests.accounts.helpers import make_user

    document = secret_document(actor, "once secret")
    update_document(document, {"classification": 1, "title_en": "now restricted"}, actor=actor)
    reader = make_user("restricted-reader", Role.READER, clearance=1)
    visible = ChangeRecord.objects.restrict(reader).filter(
        object_type="decisions.document", object_id=str(document.pk)
    )
    assert list(visible) == []  # both records carry a SECRET snapshot (the creation, the "before")
    cleared = make_user("secret-reader", Role.READER, clearance=3)
    trail = ChangeRecord.objects.filter(object_type="decisions.document", object_id=str(document.pk))
    assert trail.restrict(cleared).count() == 2


def test_a_deleted_record_is_judged_by_its_last_snapshot(actor):
    from accord.core.audit import delete_with_record
    from tests.accounts.helpers import make_user

    document = secret_document(actor, "shredded")
    pk = str(document.pk)
    delete_with_record(document, actor=actor, reason="destroyed")
    trail = ChangeRecord.objects.filter(object_type="decisions.document", object_id=pk)
    assert trail.restrict(make_user("cleared", Role.READER, clearance=3)).count() == 2
    assert not trail.restrict(make_user("uncleared", Role.READER, clearance=2)).exists()
    assert not trail.restrict(restricted_administrator()).exists()
    assert not trail.restrict(AnonymousUser()).exists()


def test_a_deleted_record_seen_through_its_parent_is_judged_by_the_parent(actor):
    from accord.charter.models import Body
    from accord.core.audit import delete_with_record
    from accord.decisions.services import add_agenda_item, create_session
    from tests.accounts.helpers import make_user

    session = create_session(
        {
            "body": Body.objects.get(key="cmfa"),
            "title_en": "closed session",
            "date": datetime.date(2022, 6, 1),
            "classification": 2,
            "releasability": "members-only",
        },
        [],
        actor=actor,
    )
    item = add_agenda_item(session, "a closed question", actor=actor)
    pk = str(item.pk)
    delete_with_record(item, actor=actor, reason="withdrawn")
    trail = ChangeRecord.objects.filter(object_type="decisions.agendaitem", object_id=pk)
    assert trail.restrict(make_user("cleared-item", Role.READER, clearance=3)).exists()
    assert not trail.restrict(make_user("uncleared-item", Role.READER, clearance=1)).exists()
    assert not trail.restrict(AnonymousUser()).exists()


def test_the_read_log_is_for_auditors_only(actor):
    from accord.core.audit import log_read
    from accord.core.models import ReadRecord
    from tests.accounts.helpers import make_user

    document = secret_document(actor)
    administrator = make_user("reading-admin", Role.ADMINISTRATOR)
    log_read(administrator, document, "page")
    assert ReadRecord.objects.exists()
    for role in Role.values:
        user = make_user(f"log-{role}", role)
        assert ReadRecord.objects.restrict(user).exists() is (role == Role.AUDITOR), role
    assert not ReadRecord.objects.restrict(AnonymousUser()).exists()
    assert ReadRecord.objects.restrict(SYSTEM_USER).exists()


def test_an_auditor_logs_in_with_a_second_factor():
    from accord.accounts.models import ROLES_REQUIRING_TWO_FACTOR

    assert Role.AUDITOR in ROLES_REQUIRING_TWO_FACTOR


def test_access_change_requests_are_for_administrators_only(actor):
    from accord.accounts.four_eyes import change_access
    from accord.accounts.models import AccessChangeRequest
    from tests.accounts.helpers import make_user

    someone = make_user("to-raise", Role.READER, clearance=0)
    change_access(someone, actor=actor, clearance=2)
    assert AccessChangeRequest.objects.count() == 1
    for role in Role.values:
        user = make_user(f"req-{role}", role)
        assert AccessChangeRequest.objects.restrict(user).exists() is (role == Role.ADMINISTRATOR), role
    assert not AccessChangeRequest.objects.restrict(someone).exists()
