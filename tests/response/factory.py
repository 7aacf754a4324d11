"""Requests made for the offers tests: written straight through ``save_with_record`` with their
"submitted" step, since the requests' own services belong to another subject."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accord.charter.models import AssistanceBasis, State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.response.models import Request, RequestLine, RequestStep

ACTOR = Actor.system("tests")
D = datetime.date


def make_request(
    key: str = "req-test",
    *,
    state: str = "TJK",
    basis: str = "emergency",
    channel: str = "organization",
    on: datetime.date = datetime.date(2022, 3, 1),
    status: str = "submitted",
    lines: tuple[tuple[str, str, str], ...] = (("equipment", "Field hospitals", "10"),),
    to: tuple[str, ...] = (),
    classification: int = 1,
    releasability: str = "members-only",
    unit: str = "units",
) -> Request:
    """A request of ``state`` with its lines, submitted on ``on`` (and moved to ``status`` then)."""
    request = Request(
        key=key,
        state=State.objects.get(code=state),
        basis=AssistanceBasis.objects.get(key=basis),
        channel=channel,
        title_en=f"Request {key}",
        title_ru=f"Запрос {key}",
        requested_on=on,
        status=status,
        classification=classification,
        releasability=releasability,
    )
    save_with_record(request, actor=ACTOR)
    if to:
        request.addressed_to.set(State.objects.filter(code__in=to))
    for number, (kind, what, quantity) in enumerate(lines, start=1):
        line = RequestLine(
            request=request, number=number, kind=kind, what_en=what, quantity=Decimal(quantity), unit=unit
        )
        save_with_record(line, actor=ACTOR)
    for step in dict.fromkeys(["submitted", status]):
        save_with_record(
            RequestStep(request=request, status=step, on=on, recorded_by=ACTOR.name), actor=ACTOR
        )
    return request


def make_partner(code: str = "SRB", since: datetime.date = datetime.date(2020, 1, 1)) -> State:
    """Give ``code`` the partner status (the charter file gives none)."""
    state = State.objects.get(code=code)
    StateStatus.objects.create(state=state, status="partner", valid_from=since)
    return state
