"""Shared makers for the trainings tests: a planned training, a partner state."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accord.charter.models import State, StateStatus
from accord.core.audit import Actor
from accord.forces.models import Training, TrainingSeries
from accord.forces.trainings.services import plan_training

ACTOR = Actor.system("trainings-test")


def ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def planned(
    name: str = "Cobalt-test", host: str = "KAZ", start: int = 30, length: int = 4, **extra
) -> Training:
    """A training planned ``start`` days from today, hosted by ``host``."""
    return plan_training(
        name=name,
        series=TrainingSeries.objects.get(key="cobalt"),
        host=State.objects.get(code=host),
        start=ahead(start),
        end=ahead(start + length),
        source="test plan",
        actor=ACTOR,
        **extra,
    )


def give_status(code: str, status: str, since: str = "2022-01-01") -> State:
    """Record a status for a state (as the charter's status service would)."""
    state = State.objects.get(code=code)
    StateStatus.objects.create(state=state, status=status, valid_from=since)
    return state
