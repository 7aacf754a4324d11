"""What the tests of requests share: a request's values and lines, written through the service."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.audit import Actor
from accord.response.models import Request
from accord.response.requests import services

DAY = datetime.date(2026, 3, 2)


def values(**changes: Any) -> dict[str, Any]:
    """An emergency request of Tajikistan through the Organization, members only."""
    return {
        "state": "TJK",
        "basis": "emergency",
        "channel": "organization",
        "requested_on": DAY,
        "title_en": "Mudflow in the Rasht valley",
        "source_text": "Letter of the Ministry of Emergencies",
        **changes,
    }


def lines(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"kind": "supplies", "what_en": "Tents", "quantity": "200", "unit": "tents"},
        {
            "kind": "funds",
            "what_en": "Funds",
            "quantity": "1",
            "unit": "sum",
            "value": "5000000",
            "currency": "RUB",
        },
        *extra,
    ]


def make_request(actor: Actor, submit: bool = False, **changes: Any) -> Request:
    return services.create_request(values(**changes), lines(), actor=actor, submit=submit)
