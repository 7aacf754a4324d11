"""What the registry's tests share: the system actor, and a contribution recorded through the service."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.audit import Actor
from accord.forces.models import Contribution
from accord.forces.registry import services

SYSTEM = Actor.system("tests")


def contribution(state: str = "KAZ", formation: str = "crdf-car", **values: Any) -> Contribution:
    """A contribution recorded as the system (CONFIDENTIAL, members only unless given)."""
    fields = {
        "formation": formation,
        "state": state,
        "unit_type": "motor-rifle",
        "personnel": 500,
        "valid_from": datetime.date(2021, 1, 1),
        "source_text": "national report",
        **values,
    }
    return services.record_contribution(fields, actor=SYSTEM, reason="test")


def rate(
    item: Contribution, day: datetime.date, people="ready", equipment="ready", support="ready", **values
):
    """A readiness report of ``item`` on ``day``, recorded as the system."""
    fields = {
        "date": day,
        "people": people,
        "equipment": equipment,
        "support": support,
        "source_text": "inspection",
    }
    return services.record_readiness(item, {**fields, **values}, actor=SYSTEM, reason="test")
