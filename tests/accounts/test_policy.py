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


# Declarations: every restricted model says how it is seen; the policy reads nothing else.


def test_every_restricted_model_declares_how_it_is_seen():
    from accord.core.access import undeclared_models

    assert undeclared_models() == []


def test_a_restricted_model_that_declares_nothing_is_found_and_seen_by_no_one():
    from django.db import models
    from django.test.utils import isolate_apps

    from accord.core.access import RestrictedManager, view_declarations

    with isolate_apps("accord.core"):

        class Undeclared(models.Model):
            objects = RestrictedManager()

            class Meta:
                app_label = "core"

            def __str__(self) -> str:
                return "undeclared"

        class Declared(models.Model):
            access_public = True
            objects = RestrictedManager()

            class Meta:
                app_label = "core"

            def __str__(self) -> str:
                return "declared"

    assert view_declarations(Undeclared) == []
    assert view_declarations(Declared) == ["access_public"]


def test_declared_roles_and_rights_are_ones_accord_knows():
    from accord.charter.models import StatusRight
    from accord.core.access import reader_roles, restricted_models, write_rights, writer_roles

    rights = set(StatusRight.objects.values_list("key", flat=True))
    for model in restricted_models():
        assert writer_roles(model) <= set(Role.values), model
        assert reader_roles(model) <= set(Role.values), model
        assert write_rights(model) <= rights, model


def test_the_state_a_record_belongs_to_is_a_real_lookup():
    from accord.core.access import owner_state_field, restricted_models

    owned = [model for model in restricted_models() if owner_state_field(model)]
    assert {model._meta.label_lower for model in owned} >= {"decisions.document", "crisis.event"}
    for model in owned:
        model.objects.filter(**{owner_state_field(model): "KAZ"}).exists()


def test_rollups_of_every_level_are_read_by_the_system_alone(users):
    from accord.crisis.models import EventCount

    EventCount.objects.create(
        country="KAZ",
        category="terrorism",
        date=datetime.date(2021, 1, 1),
        date_precision="day",
        events=1,
        fatalities=0,
    )
    assert EventCount.objects.restrict(SYSTEM_USER).count() == 1
    for user in [AnonymousUser(), *users.values()]:
        assert not EventCount.objects.restrict(user).exists()


def test_a_user_sees_their_own_token_and_run_an_administrator_all(users, actor):
    from accord.accounts.tokens import create_token
    from accord.core.models import Run

    reader, other = users[Role.READER], users[Role.AUDITOR]
    token = create_token(reader, "mine", ["crisis:event:view"], datetime.timedelta(days=1), actor=actor).token
    run = Run.objects.create(kind="test", actor_user=reader, actor_name=reader.username)
    for model, record in ((type(token), token), (Run, run)):
        assert list(model.objects.restrict(reader)) == [record]
        assert not model.objects.restrict(other).exists()
        assert model.objects.restrict(users[Role.ADMINISTRATOR]).filter(pk=record.pk).exists()
        assert not model.objects.restrict(users[Role.SECRETARIAT_OFFICER]).exists()


# Role capabilities: the policy alone says who handles alerts.


@pytest.fixture
def alert(actor):
    from accord.crisis.models import Alert, Series

    series = Series.objects.create(key="covid.confirmed", country="KAZ", unit="people")
    return Alert.objects.create(
        series=series,
        date=datetime.date(2021, 7, 23),
        level="amber",
        method="ears-c2",
        observed=9,
        expected=2,
        threshold=5,
        statistic=3.5,
        classification=1,
        releasability="members-and-partners",
    )


@pytest.mark.parametrize(
    ("role", "handles"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.SECRETARIAT_OFFICER, True),
        (Role.CRC_DUTY_OFFICER, True),
        (Role.LIAISON_OFFICER, False),
        (Role.AUDITOR, False),
        (Role.READER, False),
    ],
)
def test_the_policy_alone_says_who_handles_an_alert(alert, role, handles):
    from django.core.exceptions import PermissionDenied

    from accord.core.access import may
    from accord.core.audit import Actor
    from accord.crisis.models import Alert
    from accord.crisis.services import acknowledge_alert
    from tests.accounts.helpers import make_user

    user = make_user(f"alert-{role}", role, state="KAZ" if role == Role.LIAISON_OFFICER else None)
    assert Alert.objects.restrict(user, "view").filter(pk=alert.pk).exists()
    assert Alert.objects.restrict(user, "change").filter(pk=alert.pk).exists() is handles
    assert may(user, alert, "change") is handles
    if handles:
        acknowledge_alert(alert, actor=Actor.for_user(user))
        alert.refresh_from_db()
        assert alert.status == "acknowledged"
    else:
        with pytest.raises(PermissionDenied):
            acknowledge_alert(alert, actor=Actor.for_user(user))


def test_a_duty_officer_handles_no_alert_they_cannot_see(alert):
    from accord.crisis.models import Alert
    from tests.accounts.helpers import make_user

    officer = make_user("duty-public", Role.CRC_DUTY_OFFICER, clearance=0)
    assert not Alert.objects.restrict(officer, "change").filter(pk=alert.pk).exists()


# Visibility: worked out once per request, afresh outside one.


def test_visibility_is_worked_out_once_per_request_and_follows_changes_outside_one():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.accounts.policy import visibility_for
    from accord.core.access import access_cache
    from accord.decisions.models import Document
    from tests.accounts.helpers import make_user

    liaison = make_user("cached-liaison", Role.LIAISON_OFFICER, state="KAZ")
    with access_cache(), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            list(Document.objects.restrict(liaison))
    assert sum("charter_statestatus" in query["sql"] for query in queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            visibility_for(liaison)
    assert sum("charter_statestatus" in query["sql"] for query in queries.captured_queries) == 2
    with access_cache():
        wide = visibility_for(liaison)
        liaison.clearance = 0
        assert visibility_for(liaison).max_classification == 0 < wide.max_classification
