"""Requests made directly (the record and its "submitted" step), for the consultation, decision and
deployment tests, which do not depend on the requests' own services."""

from __future__ import annotations

import datetime

from accord.charter.models import AssistanceBasis, Body, State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.decisions.models import AgendaItem, Session
from accord.decisions.services import add_agenda_item, create_session, decide_agenda_item
from accord.response.models import Request, RequestStatus, RequestStep

ACTOR = Actor.system("tests")
MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
DAY = datetime.date(2024, 3, 1)


def submitted_request(
    key: str = "kgz-flood", state: str = "KGZ", basis: str = "emergency", on: datetime.date = DAY, **values
) -> Request:
    """A request through the Organization, submitted on ``on``."""
    request = Request(
        key=key,
        state=State.objects.get(code=state),
        basis=AssistanceBasis.objects.get(key=basis),
        channel=values.pop("channel", "organization"),
        title_en=values.pop("title_en", "Help after the floods"),
        title_ru=values.pop("title_ru", "Помощь после наводнения"),
        requested_on=on,
        status=RequestStatus.SUBMITTED,
        classification=values.pop("classification", 1),
        releasability=values.pop("releasability", "members-only"),
        **values,
    )
    save_with_record(request, actor=ACTOR)
    save_with_record(
        RequestStep(request=request, status="submitted", on=on, recorded_by=ACTOR.name), actor=ACTOR
    )
    return request


def approve(request: Request, on: datetime.date = DAY, status: str = RequestStatus.APPROVED) -> Request:
    """Append the step that approves ``request`` with effect on ``on`` (the decision itself not linked:
    for the tests whose subject is not the decision) and set its present status."""
    save_with_record(RequestStep(request=request, status=status, on=on, recorded_by=ACTOR.name), actor=ACTOR)
    save_with_record(request, actor=ACTOR, fields={"status": status})
    return request


def approved_request(
    key: str = "kgz-flood", on: datetime.date = DAY, approved_on: datetime.date | None = None, **values
) -> Request:
    """A request through the Organization, submitted on ``on`` and approved on ``approved_on`` (the
    same day unless given): the forces may be sent and offers accepted from then on."""
    return approve(submitted_request(key, on=on, **values), approved_on or on)


def council_decision(
    day: datetime.date = DAY,
    body: str = "csc",
    codes=("BLR", "KAZ", "KGZ", "RUS", "TJK"),
    objection: str = "",
) -> AgendaItem:
    """An agenda item of a session of ``body`` decided by its rule: every member agrees, or one objects."""
    values = {
        "body": Body.objects.get(key=body),
        "title_en": "Out-of-schedule session",
        "date": day,
        "classification": 1,
        "releasability": "members-only",
    }
    session = create_session(values, list(State.objects.filter(code__in=codes)), actor=ACTOR)
    item = add_agenda_item(session, "Assistance to the requesting state", actor=ACTOR)
    positions = {code: ("object" if code == objection else "agree", "") for code in codes}
    decide_agenda_item(item, positions, actor=ACTOR)
    item.refresh_from_db()
    return item


def statuses() -> None:
    """Armenia frozen from 22 February 2024 (not shipped), Serbia a partner and Afghanistan an observer
    from 2022 (no such status is in the charter file: test data)."""
    StateStatus.objects.filter(state__code="ARM", status="member").update(valid_to="2024-02-21")
    StateStatus.objects.create(state=State.objects.get(code="ARM"), status="frozen", valid_from="2024-02-22")
    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")
    StateStatus.objects.create(
        state=State.objects.get(code="AFG"), status="observer", valid_from="2022-01-01"
    )


def session_of(item: AgendaItem) -> Session:
    return item.session
