"""The access policy behind restrict(): the charter is open to read, closed to change."""

from __future__ import annotations

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
