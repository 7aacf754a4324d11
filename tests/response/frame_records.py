"""Requests, lines, offers and deliveries made directly, for the tests of the frame's pure parts
(the life of a request, the gap) without the services built on them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accord.charter.models import AssistanceBasis, State
from accord.core.audit import Actor
from accord.response.models import Delivery, Offer, Request, RequestLine, RequestStep

ACTOR = Actor.system("test")
DAY = datetime.date(2026, 3, 2)


def made_request(key: str = "tjk-test", channel: str = "organization", status: str = "submitted") -> Request:
    request = Request.objects.create(
        key=key,
        state=State.objects.get(code="TJK"),
        basis=AssistanceBasis.objects.get(key="emergency"),
        channel=channel,
        title_en="Flood relief",
        requested_on=DAY,
        status=status,
    )
    RequestStep.objects.create(request=request, status=status, on=DAY, recorded_by="test")
    return request


def made_line(request: Request, number: int = 1, quantity: str = "10") -> RequestLine:
    return RequestLine.objects.create(
        request=request,
        number=number,
        kind="equipment",
        what_en="Water pumps",
        quantity=Decimal(quantity),
        unit="pcs",
    )


def made_offer(
    line: RequestLine, code: str, quantity: str, on: datetime.date, **dates: datetime.date
) -> Offer:
    status = "committed" if "accepted_on" in dates else "declined" if "declined_on" in dates else "pledged"
    if "withdrawn_on" in dates:
        status = "withdrawn"
    return Offer.objects.create(
        line=line,
        state=State.objects.get(code=code),
        quantity=Decimal(quantity),
        offered_on=on,
        status=status,
        **dates,
    )


def made_delivery(offer: Offer, quantity: str, on: datetime.date, value: str | None = None) -> Delivery:
    return Delivery.objects.create(
        offer=offer,
        donor_state=offer.state,
        recipient=offer.line.request.state,
        kind=offer.line.kind,
        what_en=offer.line.what_en,
        quantity=Decimal(quantity),
        unit=offer.line.unit,
        value=Decimal(value) if value else None,
        currency="RUB" if value else "",
        delivered_on=on,
    )
