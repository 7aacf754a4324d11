"""Records of a crisis for the timeline's tests, made directly (the other subjects' services are
written in parallel): each write recorded with ``save_with_record``, as a service would."""

from __future__ import annotations

import datetime
from decimal import Decimal
from itertools import count
from typing import Any

from accord.charter.models import AssistanceBasis, Body, State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, Releasability
from accord.decisions.models import AgendaItem, Session
from accord.forces.models import Formation
from accord.response.models import (
    Consultation,
    Contingent,
    Crisis,
    Delivery,
    Deployment,
    Offer,
    Request,
    RequestLine,
    RequestStep,
)

MAKER = Actor.system("timeline tests")
NUMBERS = count(1)
DAY = datetime.date(2026, 3, 1)


def day(offset: int) -> datetime.date:
    return DAY + datetime.timedelta(days=offset)


def saved(record: Any) -> Any:
    save_with_record(record, actor=MAKER, reason="test")
    return record


def labels(level: int = Classification.RESTRICTED, release: str = Releasability.MEMBERS_AND_PARTNERS) -> dict:
    return {"classification": level, "releasability": release}


def state(code: str) -> State:
    return State.objects.get(code=code)


def make_partner(code: str = "SRB") -> State:
    """A partner of the Organization since 2022 (as the visibility harness records it)."""
    saved(StateStatus(state=state(code), status="partner", valid_from="2022-01-01"))
    return state(code)


def make_crisis(key: str = "", **values: Any) -> Crisis:
    crisis = Crisis(
        key=key or f"crisis-{next(NUMBERS)}",
        title_en=values.pop("title_en", "Border clashes"),
        title_ru=values.pop("title_ru", "Пограничные столкновения"),
        started_on=values.pop("started_on", DAY),
        **{**labels(), **values},
    )
    return saved(crisis)


def make_request(crisis: Crisis | None, *, on: datetime.date = DAY, **values: Any) -> Request:
    request = Request(
        key=values.pop("key", f"request-{next(NUMBERS)}"),
        crisis=crisis,
        state=state(values.pop("state", "KAZ")),
        basis=AssistanceBasis.objects.get(key=values.pop("basis", "article-4")),
        channel=values.pop("channel", "organization"),
        title_en=values.pop("title_en", "Help at the border"),
        title_ru=values.pop("title_ru", "Помощь на границе"),
        requested_on=on,
        source_text=values.pop("source_text", "letter of the ministry"),
        **{**labels(), **values},
    )
    return saved(request)


def step(request: Request, status: str, on: datetime.date, source: str = "") -> RequestStep:
    record = saved(
        RequestStep(request=request, status=status, on=on, recorded_by=MAKER.name, source_text=source)
    )
    save_with_record(request, actor=MAKER, reason="test", fields={"status": status})
    return record


def line(request: Request, number: int = 1, quantity: str = "10", unit: str = "tonnes") -> RequestLine:
    return saved(
        RequestLine(
            request=request,
            number=number,
            kind="supplies",
            what_en="Flour",
            what_ru="Мука",
            quantity=Decimal(quantity),
            unit=unit,
        )
    )


def offer(request_line: RequestLine, code: str, on: datetime.date, **values: Any) -> Offer:
    return saved(
        Offer(
            line=request_line,
            state=state(code),
            quantity=Decimal(values.pop("quantity", "5")),
            offered_on=on,
            **values,
        )
    )


def session(on: datetime.date, body: str = "", **values: Any) -> Session:
    found = (
        Body.objects.get(key=body)
        if body
        else Body.objects.exclude(key="secretariat").order_by("key").first()
    )
    return saved(Session(body=found, date=on, **{**labels(), **values}))


def consultation(
    crisis: Crisis | None, request: Request | None, on: datetime.date, **values: Any
) -> Consultation:
    held = session(on, format=Session.Format.VIDEO, kind=Session.Kind.OUT_OF_SCHEDULE, **values)
    return saved(Consultation(session=held, request=request, crisis=crisis))


def decide(request: Request, on: datetime.date, outcome: str = AgendaItem.Outcome.ADOPTED) -> AgendaItem:
    item = saved(
        AgendaItem(session=session(on), number=1, title_en="Assistance to Kazakhstan", outcome=outcome)
    )
    save_with_record(request, actor=MAKER, reason="test", fields={"decision_item": item})
    return item


def deployment(
    crisis: Crisis, on: datetime.date, until: datetime.date | None = None, **values: Any
) -> Deployment:
    return saved(
        Deployment(
            key=f"deployment-{next(NUMBERS)}",
            formation=Formation.objects.order_by("key").first(),
            crisis=crisis,
            host=state(values.pop("host", "KAZ")),
            deployed_on=on,
            withdrawn_on=until,
            **{**labels(), **values},
        )
    )


def contingent(
    of: Deployment, code: str, personnel: int, on: datetime.date, until: datetime.date | None = None
):
    return saved(
        Contingent(deployment=of, state=state(code), personnel=personnel, deployed_on=on, withdrawn_on=until)
    )


def delivery(
    crisis: Crisis | None, on: datetime.date, *, against: Offer | None = None, **values: Any
) -> Delivery:
    return saved(
        Delivery(
            offer=against,
            crisis=crisis,
            donor_state=state(values.pop("donor", "RUS")),
            recipient=state(values.pop("recipient", "KAZ")),
            kind="supplies",
            what_en="Flour",
            what_ru="Мука",
            quantity=Decimal(values.pop("quantity", "5")),
            unit="tonnes",
            delivered_on=on,
            source_text=values.pop("source_text", "waybill"),
            **{**labels(), **values},
        )
    )
