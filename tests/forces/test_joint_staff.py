"""The Joint Staff's officers keep the register of the collective forces: they plan and change
trainings and record contributions and readiness for every state; a reader records nothing, and a
liaison officer only for their own state."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.charter.models import State
from accord.core.audit import Actor
from accord.forces.models import TrainingSeries
from accord.forces.registry import services as registry
from accord.forces.trainings import services as trainings
from tests.accounts.helpers import make_user
from tests.forces.trainings.helpers import ahead

pytestmark = pytest.mark.django_db


def contribution_by(actor: Actor, state: str = "KAZ"):
    fields = {
        "formation": "crdf-car",
        "state": state,
        "unit_type": "motor-rifle",
        "personnel": 400,
        "valid_from": datetime.date(2021, 1, 1),
        "source_text": "national report",
    }
    return registry.record_contribution(fields, actor=actor, reason="test")


def plan_by(actor: Actor):
    return trainings.plan_training(
        name="Rubezh-test",
        series=TrainingSeries.objects.get(key="rubezh"),
        host=State.objects.get(code="KGZ"),
        start=ahead(40),
        end=ahead(44),
        source="plan of joint trainings",
        actor=actor,
    )


def test_a_joint_staff_officer_plans_trainings_and_records_any_states_contribution_and_readiness():
    officer = Actor.for_user(make_user("joint-staff", Role.JOINT_STAFF_OFFICER))
    training = plan_by(officer)
    trainings.postpone(training, actor=officer, reason="the host asked for later dates")
    for state in ("KAZ", "TJK"):
        item = contribution_by(officer, state)
        fields = {"date": datetime.date(2021, 6, 1), "people": "ready", "equipment": "partial"}
        report = registry.record_readiness(
            item, {**fields, "support": "ready", "source_text": "inspection"}, actor=officer, reason="test"
        )
        assert report.overall == "partial"


def test_a_reader_records_nothing_and_a_liaison_officer_only_their_own_state():
    reader = Actor.for_user(make_user("reader", Role.READER))
    with pytest.raises((PermissionDenied, registry.ForcesError)):
        contribution_by(reader)
    with pytest.raises((PermissionDenied, trainings.TrainingError)):
        plan_by(reader)
    liaison = Actor.for_user(make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ"))
    assert contribution_by(liaison, "KAZ").state.code == "KAZ"
    with pytest.raises((PermissionDenied, registry.ForcesError)):
        contribution_by(liaison, "TJK")
