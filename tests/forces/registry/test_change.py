"""Changing a contribution: figures, text and dates change with a reason kept in the change record;
names of people, labels lowered, dates reversed, unknown fields and other states' officers refused."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from accord.forces.models import Contribution
from accord.forces.registry import services
from accord.forces.registry.services import ForcesError
from tests.accounts.helpers import make_user
from tests.forces.registry.helpers import SYSTEM, contribution

pytestmark = pytest.mark.django_db
DAY = datetime.date


def test_a_contribution_is_ended_and_its_figures_changed_with_the_reason_kept():
    item = contribution(personnel=500)
    changed = services.change_contribution(
        item, {"personnel": 450, "valid_until": DAY(2024, 6, 30)}, actor=SYSTEM, reason="rotation ended"
    )
    assert changed
    fresh = Contribution.objects.get(pk=item.pk)
    assert fresh.personnel == 450 and fresh.valid_until == DAY(2024, 6, 30)
    record = ChangeRecord.objects.filter(object_type="forces.contribution", object_id=str(item.pk)).last()
    assert record.action == ChangeRecord.Action.UPDATE and record.reason == "rotation ended"
    assert record.before["personnel"] == 500 and record.after["personnel"] == 450
    assert not services.change_contribution(item, {"personnel": 450}, actor=SYSTEM, reason="again")


@pytest.mark.parametrize(
    ("values", "reason", "field"),
    [
        ({"personnel": 1}, "", "reason"),
        ({"description_en": "battalion of Colonel Ivan Petrov"}, "x", "description_en"),
        ({"note_en": "x"}, "on the word of Ivanov I.I.", "reason"),
        ({"classification": 1}, "downgrade", "classification"),
        ({"releasability": "everyone"}, "wider", "releasability"),
        ({"valid_until": DAY(2020, 1, 1)}, "ends", "valid_until"),
        ({"personnel": -3}, "typo", "personnel"),
        ({"state": "RUS"}, "move", "state"),
    ],
)
def test_bad_changes_are_refused_whole_naming_the_field(values, reason, field):
    item = contribution(personnel=500)
    with pytest.raises(ForcesError) as refused:
        services.change_contribution(item, values, actor=SYSTEM, reason=reason)
    assert refused.value.field == field
    fresh = Contribution.objects.get(pk=item.pk)
    assert (fresh.personnel, fresh.classification, fresh.valid_until) == (500, 2, None)


def test_labels_may_be_raised():
    item = contribution()
    services.change_contribution(item, {"classification": 3}, actor=SYSTEM, reason="raised")
    assert Contribution.objects.get(pk=item.pk).classification == 3


def test_only_the_states_own_officer_may_change_it():
    item = contribution(state="KAZ")
    other = Actor.for_user(make_user("rus", Role.LIAISON_OFFICER, state="RUS"))
    with pytest.raises(PermissionDenied) as refused:
        services.change_contribution(item, {"personnel": 1}, actor=other, reason="mine")
    assert "own state" in str(refused.value)
    own = Actor.for_user(make_user("kaz", Role.LIAISON_OFFICER, state="KAZ"))
    assert services.change_contribution(item, {"personnel": 1}, actor=own, reason="national report")


API = "/api/v1/forces"


def patch(client, pk: int, data: dict, **headers):
    return client.patch(f"{API}/contributions/{pk}", data, content_type="application/json", **headers)


def test_a_contribution_is_changed_through_the_api(client):
    from tests.accounts.helpers import login_verified

    item = contribution(state="KAZ", personnel=500, equipment=40)
    login_verified(client, make_user("kaz", Role.LIAISON_OFFICER, state="KAZ"))
    done = patch(client, item.pk, {"valid_until": "2024-06-30", "reason": "withdrawn"})
    assert done.status_code == 200 and done.json()["valid_until"] == "2024-06-30"
    fresh = Contribution.objects.get(pk=item.pk)
    assert (fresh.personnel, fresh.equipment) == (500, 40)
    assert patch(client, item.pk, {"personnel": 10}).status_code == 422
    low = patch(client, item.pk, {"classification": 0, "reason": "public now"})
    assert low.status_code == 422 and "classification" in low.json()["detail"]
    named = patch(client, item.pk, {"description_en": "Petrov I.I. battalion", "reason": "x"})
    assert named.status_code == 422 and "description_en" in named.json()["detail"]


def test_the_api_refuses_another_states_officer_and_a_token_without_the_scope(client):
    from accord.accounts.tokens import create_token

    item = contribution(state="KAZ", classification=0, releasability="everyone")
    assert patch(client, item.pk, {"personnel": 1, "reason": "x"}).status_code in (401, 403)
    rus = make_user("rus", Role.LIAISON_OFFICER, state="RUS")
    token = create_token(rus, "RUS", ["forces:contribution:change"], datetime.timedelta(days=1), actor=SYSTEM)
    refused = patch(
        client, item.pk, {"personnel": 1, "reason": "x"}, HTTP_AUTHORIZATION=f"Bearer {token.secret}"
    )
    assert refused.status_code == 403 and "own state" in refused.json()["detail"]
    kaz = make_user("kaz", Role.LIAISON_OFFICER, state="KAZ")
    reader = create_token(kaz, "KAZ", ["forces:contribution:view"], datetime.timedelta(days=1), actor=SYSTEM)
    scoped = patch(
        client, item.pk, {"personnel": 1, "reason": "x"}, HTTP_AUTHORIZATION=f"Bearer {reader.secret}"
    )
    assert scoped.status_code == 403 and "scope" in scoped.json()["detail"]
    assert Contribution.objects.get(pk=item.pk).personnel == 500


def run(*args: str) -> dict:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_contribution_is_changed_at_the_command_line():
    item = contribution(personnel=500)
    shown = run(
        "forces",
        "change-contribution",
        str(item.pk),
        "--until",
        "2024-06-30",
        "--personnel",
        "0",
        "--reason",
        "withdrawn",
    )
    assert shown["changed"] and shown["valid_until"] == "2024-06-30" and shown["personnel"] == 0
    record = ChangeRecord.objects.filter(object_type="forces.contribution", object_id=str(item.pk)).last()
    assert record.reason == "withdrawn"


@pytest.mark.parametrize(
    "extra",
    [
        ("--personnel", "1"),
        ("--reason", "nothing given"),
        ("--personnel", "lots", "--reason", "x"),
        ("--until", "2000-01-01", "--reason", "before it began"),
        ("--classification", "0", "--reason", "public"),
        ("--description", "Ivanov I.I. company", "--reason", "x"),
    ],
)
def test_bad_changes_at_the_command_line_exit_2(extra):
    from django.core.management import CommandError, call_command

    item = contribution(personnel=500)
    with pytest.raises(CommandError) as refused:
        call_command("forces", "change-contribution", str(item.pk), *extra)
    assert refused.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("forces", "change-contribution", "999999", "--personnel", "1", "--reason", "x")
    assert Contribution.objects.get(pk=item.pk).personnel == 500
