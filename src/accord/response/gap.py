"""The gap between what a request asks for, what states have committed and what has been delivered,
per line and per request, as of any date.

A pledge is not counted as help until the requesting state accepts it (OCHA's rule): ``committed``
is the sum of the offers accepted on or before the date and not withdrawn by then; ``delivered`` the
sum of the deliveries recorded against those lines on or before the date. Values are summed per
currency, never converted.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from accord.response.models import Delivery, Offer, Request, RequestLine

ZERO = Decimal(0)


def figure(amount: Decimal) -> str:
    """A quantity or value as text, the same on every database ("5", not "5.000" on one and "5" on
    another)."""
    return format(amount.normalize(), "f")


@dataclass
class LineGap:
    """One line's figures on a date."""

    line: RequestLine
    requested: Decimal
    pledged: Decimal
    committed: Decimal
    delivered: Decimal

    @property
    def uncommitted(self) -> Decimal:
        """Requested − committed (never below zero: more offered than asked closes the gap)."""
        return max(self.requested - self.committed, ZERO)

    @property
    def undelivered(self) -> Decimal:
        """Committed − delivered."""
        return max(self.committed - self.delivered, ZERO)

    @property
    def gap(self) -> Decimal:
        """What is still missing: requested − delivered."""
        return max(self.requested - self.delivered, ZERO)

    def as_json(self) -> dict[str, Any]:
        return {
            "line": self.line.number,
            "kind": self.line.kind,
            "what": self.line.what,
            "unit": self.line.unit,
            "requested": figure(self.requested),
            "pledged": figure(self.pledged),
            "committed": figure(self.committed),
            "delivered": figure(self.delivered),
            "uncommitted": figure(self.uncommitted),
            "undelivered": figure(self.undelivered),
            "gap": figure(self.gap),
        }


@dataclass
class RequestGap:
    """A request's lines on a date, and its values committed and delivered per currency."""

    lines: list[LineGap]
    committed_values: dict[str, Decimal] = field(default_factory=dict)
    delivered_values: dict[str, Decimal] = field(default_factory=dict)

    @property
    def closed(self) -> bool:
        """Every line delivered in full."""
        return all(line.gap == ZERO for line in self.lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "lines": [line.as_json() for line in self.lines],
            "committed_values": {
                cur: figure(amount) for cur, amount in sorted(self.committed_values.items())
            },
            "delivered_values": {
                cur: figure(amount) for cur, amount in sorted(self.delivered_values.items())
            },
            "closed": self.closed,
        }


def offers_standing(day: datetime.date | None) -> Q:
    """Offers made by ``day`` and not withdrawn by then (all of today's when None)."""
    if day is None:
        return ~Q(status="withdrawn")
    return Q(offered_on__lte=day) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))


def committed_by(day: datetime.date | None) -> Q:
    """Offers accepted by ``day`` and still standing then."""
    accepted = Q(status="committed") if day is None else Q(accepted_on__isnull=False, accepted_on__lte=day)
    return offers_standing(day) & accepted


def pledged_by(day: datetime.date | None) -> Q:
    """Offers made and not yet answered (neither accepted nor declined) by ``day``."""
    if day is None:
        return Q(status="pledged")
    unanswered = (Q(accepted_on__isnull=True) | Q(accepted_on__gt=day)) & (
        Q(declined_on__isnull=True) | Q(declined_on__gt=day)
    )
    return offers_standing(day) & unanswered


def delivered_by(day: datetime.date | None) -> Q:
    return Q() if day is None else Q(delivered_on__lte=day)


def sums_per_line(queryset: Any, field_name: str) -> dict[int, Decimal]:
    rows = queryset.values(field_name).annotate(total=Sum("quantity"))
    return {row[field_name]: row["total"] or ZERO for row in rows}


def values_per_currency(queryset: Any) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in queryset.exclude(value__isnull=True).values("currency").annotate(total=Sum("value")):
        totals[row["currency"] or "?"] += row["total"] or ZERO
    return dict(totals)


def request_gap(request: Request, day: datetime.date | None = None) -> RequestGap:
    """The request's lines with requested, pledged, committed, delivered and the gap on ``day``.

    The caller has already checked that the user may see the request; its offers and deliveries are
    seen through it (a delivery against an offer tells no more than the offer does).
    """
    lines = list(request.lines.order_by("number"))
    offers = Offer.objects.filter(line__request=request)
    deliveries = Delivery.objects.filter(offer__line__request=request).filter(delivered_by(day))
    committed = sums_per_line(offers.filter(committed_by(day)), "line_id")
    pledged = sums_per_line(offers.filter(pledged_by(day)), "line_id")
    delivered = sums_per_line(deliveries, "offer__line_id")
    return RequestGap(
        lines=[
            LineGap(
                line=line,
                requested=line.quantity,
                pledged=pledged.get(line.pk, ZERO),
                committed=committed.get(line.pk, ZERO),
                delivered=delivered.get(line.pk, ZERO),
            )
            for line in lines
        ],
        committed_values=values_per_currency(offers.filter(committed_by(day))),
        delivered_values=values_per_currency(deliveries),
    )
