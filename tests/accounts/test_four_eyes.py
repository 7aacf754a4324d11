"""Changing a user's access: nobody changes their own; widening needs a second administrator."""

from __future__ import annotations

import pytest

from accord.accounts.four_eyes import AccessChangeRefused, approve_request, change_access, refuse_request
from accord.accounts.models import AccessChangeRequest, Role, User
from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
CLI = Actor.system("cli")


def administrator(name: str, clearance: int = 3) -> Actor:
    return Actor.for_user(make_user(name, Role.ADMINISTRATOR, clearance=clearance))


def test_nobody_changes_their_own_access_even_downwards():
    me = administrator("me")
    for change in ({"clearance": 0}, {"role": Role.READER}, {"affiliation": "state:KAZ"}):
        with pytest.raises(AccessChangeRefused, match="nobody changes their own"):
            change_access(me.user, actor=me, **change)
    assert User.objects.get(pk=me.user.pk).role == Role.ADMINISTRATOR


def test_only_administrators_change_access():
    officer = Actor.for_user(make_user("officer", Role.SECRETARIAT_OFFICER))
    reader = make_user("someone", Role.READER, clearance=0)
    with pytest.raises(AccessChangeRefused, match="only an administrator"):
        change_access(reader, actor=officer, clearance=0 + 1)


def test_a_raise_is_a_request_until_a_different_administrator_approves():
    asker, approver = administrator("asker"), administrator("approver")
    reader = make_user("rising", Role.READER, clearance=0)
    outcome = change_access(reader, actor=asker, clearance=2, reason="new post")
    (request,) = outcome.requested
    assert outcome.applied == [] and User.objects.get(pk=reader.pk).clearance == 0
    with pytest.raises(AccessChangeRefused, match="cannot approve"):
        approve_request(request.pk, actor=asker)
    with pytest.raises(AccessChangeRefused, match="already waits"):
        change_access(reader, actor=approver, clearance=3)
    approve_request(request.pk, actor=approver)
    assert User.objects.get(pk=reader.pk).clearance == 2
    with pytest.raises(AccessChangeRefused, match="already approved"):
        approve_request(request.pk, actor=approver)
    trail = ChangeRecord.objects.filter(object_type="accounts.accesschangerequest", object_id=str(request.pk))
    assert [record.action for record in trail.order_by("id")] == ["create", "update"]


def test_the_user_concerned_never_approves_their_own_raise():
    asker, concerned = administrator("asker"), administrator("concerned", clearance=1)
    request = change_access(concerned.user, actor=asker, clearance=3).requested[0]
    with pytest.raises(AccessChangeRefused, match="nobody approves a change of their own access"):
        approve_request(request.pk, actor=concerned)


def test_a_stale_request_is_refused():
    asker, approver = administrator("asker"), administrator("approver")
    reader = make_user("moving", Role.READER, clearance=1)
    request = change_access(reader, actor=asker, clearance=3).requested[0]
    change_access(reader, actor=approver, clearance=0)  # lowered meanwhile, at once
    with pytest.raises(AccessChangeRefused, match="changed since it was asked"):
        approve_request(request.pk, actor=approver)
    assert User.objects.get(pk=reader.pk).clearance == 0


def test_an_affiliation_change_and_a_privileged_role_wait_but_a_plain_role_applies():
    asker = administrator("asker")
    officer = make_user("liaison", Role.READER, state="KAZ", clearance=1)
    outcome = change_access(officer, actor=asker, role=Role.LIAISON_OFFICER, affiliation="state:ARM")
    assert [change.field for change in outcome.applied] == ["role"]
    assert [request.field for request in outcome.requested] == ["affiliation"]
    officer.refresh_from_db()
    assert (officer.role, officer.affiliation_state.code) == (Role.LIAISON_OFFICER, "KAZ")
    auditor = change_access(officer, actor=asker, role=Role.AUDITOR).requested
    assert auditor[0].to_value == "auditor"


def test_approving_the_administrator_role_opens_the_admin_pages_and_removing_it_closes_them():
    asker, approver = administrator("asker"), administrator("approver")
    officer = make_user("future-admin", Role.SECRETARIAT_OFFICER)
    request = change_access(officer, actor=asker, role=Role.ADMINISTRATOR).requested[0]
    approve_request(request.pk, actor=approver)
    officer.refresh_from_db()
    assert (officer.role, officer.is_staff, officer.is_superuser) == (Role.ADMINISTRATOR, True, True)
    change_access(officer, actor=asker, role=Role.READER)
    officer.refresh_from_db()
    assert (officer.role, officer.is_staff, officer.is_superuser) == (Role.READER, False, False)


def test_the_command_line_is_one_pair_of_eyes():
    approver = administrator("approver")
    reader = make_user("cli-raised", Role.READER, clearance=0)
    request = change_access(reader, actor=CLI, clearance=3).requested[0]
    assert request.requested_by_name == "system:cli"
    with pytest.raises(AccessChangeRefused, match="cannot approve"):
        approve_request(request.pk, actor=CLI)
    approve_request(request.pk, actor=approver)
    assert User.objects.get(pk=reader.pk).clearance == 3
    other = make_user("admin-raised", Role.READER, clearance=0)
    second = change_access(other, actor=approver, clearance=1).requested[0]
    approve_request(second.pk, actor=CLI)
    assert User.objects.get(pk=other.pk).clearance == 1


def test_a_refused_request_changes_nothing():
    asker = administrator("asker")
    reader = make_user("not-raised", Role.READER, clearance=0)
    request = change_access(reader, actor=asker, clearance=3).requested[0]
    refuse_request(request.pk, actor=asker, note="asked in error")
    request.refresh_from_db()
    assert (request.status, request.decided_by_name, request.decision_note) == (
        AccessChangeRequest.Status.REFUSED,
        "asker",
        "asked in error",
    )
    assert User.objects.get(pk=reader.pk).clearance == 0


def test_unknown_values_are_refused():
    asker = administrator("asker")
    reader = make_user("plain", Role.READER)
    with pytest.raises(AccessChangeRefused, match="not a known value"):
        change_access(reader, actor=asker, affiliation="state:XXX")
    with pytest.raises(AccessChangeRefused, match="not a known value"):
        change_access(reader, actor=asker, role="emperor")


def test_a_liaison_officer_cannot_be_made_or_left_without_a_state():
    asker, approver = administrator("asker"), administrator("approver")
    clerk = make_user("clerk", Role.READER, clearance=0)
    with pytest.raises(AccessChangeRefused, match="state: a liaison officer belongs to a state"):
        change_access(clerk, actor=asker, role=Role.LIAISON_OFFICER)
    assert User.objects.get(pk=clerk.pk).role == Role.READER
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ", clearance=0)
    with pytest.raises(AccessChangeRefused, match="state: a liaison officer belongs to a state"):
        change_access(liaison, actor=asker, affiliation="body:secretariat")
    assert not AccessChangeRequest.objects.filter(user=liaison).exists()
    moving = change_access(clerk, actor=asker, role=Role.LIAISON_OFFICER, affiliation="state:KAZ")
    approve_request(moving.requested[0].pk, actor=approver)
    clerk.refresh_from_db()
    assert (clerk.role, clerk.affiliation_state.code) == (Role.LIAISON_OFFICER, "KAZ")
