"""The deliveries ledger: what was delivered, how much, worth what, from whom to whom, when, against
which offer — as far as the reader may see it, filtered and totalled per currency (never converted)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from accord.core.access import require
from accord.core.references import References, api_value
from accord.response.errors import ResponseError
from accord.response.gap import request_gap
from accord.response.models import Delivery, Request

ORGANIZATION = "ORG"  # the donor filter's word for help the Organization itself gave
SORTS = {
    "date": ("delivered_on", "id"),
    "-date": ("-delivered_on", "-id"),
    "to": ("recipient__code", "-delivered_on"),
    "from": ("donor_state__code", "-delivered_on"),
    "value": ("currency", "value", "-delivered_on"),
    "-value": ("currency", "-value", "-delivered_on"),
}


@dataclass(frozen=True)
class LedgerFilter:
    """What the reader asked the ledger for (each part optional)."""

    year: int | None = None
    donor: str = ""  # a state's code, or ORG for the Organization
    recipient: str = ""
    basis: str = ""
    sort: str = "-date"


def ledger(user: Any, wanted: LedgerFilter) -> QuerySet:
    """The deliveries the user may see, filtered and sorted."""
    rows = Delivery.objects.restrict(user).select_related("donor_state", "recipient", "basis")
    if wanted.year:
        rows = rows.filter(delivered_on__year=wanted.year)
    if wanted.donor.upper() == ORGANIZATION:
        rows = rows.filter(donor_state__isnull=True)
    elif wanted.donor:
        rows = rows.filter(donor_state__code=wanted.donor.upper())
    if wanted.recipient:
        rows = rows.filter(recipient__code=wanted.recipient.upper())
    if wanted.basis:
        rows = rows.filter(basis__key=wanted.basis)
    if wanted.sort not in SORTS:
        raise ResponseError(
            _("sort by one of: %(sorts)s") % {"sorts": ", ".join(SORTS)},
            field="sort",
        )
    return rows.order_by(*SORTS[wanted.sort])


def totals(rows: QuerySet) -> dict[str, Decimal]:
    """The value of the rows per currency (rows without a value are not counted)."""
    found: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows.filter(~Q(value__isnull=True)).values("currency").annotate(total=Sum("value")):
        found[row["currency"] or "?"] += row["total"] or Decimal(0)
    return dict(sorted(found.items()))


def figure(value: Decimal | None) -> str | None:
    """A quantity or an amount as plain text without trailing zeros (``320000000``, ``2.5``)."""
    return None if value is None else f"{value.normalize():f}"


def delivery_json(item: Delivery, refs: References) -> dict[str, Any]:
    """One row of the ledger as the API and the CLI give it; the offer (and its request) only as far
    as the reader may see them."""
    offer = refs.from_record(item, "offer")
    line = offer.record.line if offer is not None and offer.visible else None
    return {
        "id": item.pk,
        "key": item.key,
        "delivered_on": item.delivered_on.isoformat(),
        "precision": item.delivered_precision,
        "from": item.donor_state.code if item.donor_state else None,
        "to": item.recipient.code,
        "basis": item.basis.key if item.basis else None,
        "kind": item.kind,
        "what": item.what,
        "quantity": figure(item.quantity),
        "unit": item.unit,
        "value": figure(item.value),
        "currency": item.currency,
        "offer": api_value(offer),
        "request": line.request.key if line else None,
        "line": line.number if line else None,
        "source": item.source_text,
        "sources": list(item.source_keys or []),
        "note": item.note,
    }


def ledger_rows(items: list[Delivery], refs: References) -> list[tuple[Delivery, Any]]:
    """Each delivery of a page with the reference to its offer (the page shows the request only when
    the reader may see the offer)."""
    return list(zip(items, refs.from_each(items, "offer"), strict=True))


def visible_request(user: Any, key: str) -> Request:
    """The request with ``key`` the user may see, or a refusal naming the key."""
    found = Request.objects.restrict(user).filter(key=key).first()
    if found is None:
        raise ResponseError(_("no request %(key)s") % {"key": key}, field="request")
    return found


def gap_json(user: Any, request: Request, day: Any = None) -> dict[str, Any]:
    """A request's gap on ``day`` (today's when None), for a reader who may see the request."""
    require(user, request, "view")
    found = request_gap(request, day).as_json()
    numbers = ("requested", "pledged", "committed", "delivered", "uncommitted", "undelivered", "gap")
    for line in found["lines"]:
        line.update({name: figure(Decimal(line[name])) for name in numbers})
    for name in ("committed_values", "delivered_values"):
        found[name] = {currency: figure(Decimal(v)) for currency, v in found[name].items()}
    return {"request": request.key, "on": day.isoformat() if day else None, **found}
