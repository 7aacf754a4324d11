"""``accord response offer|accept|decline|withdraw-offer|deliver|ledger|gap``: offers against the lines
of a request, the requesting state's answer, deliveries, the ledger and the gap."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_date, parse_year
from accord.core.references import References
from accord.response import offer_services as services
from accord.response.cli import CLI_ACTOR, Answer, Verb, state_named
from accord.response.gap import request_gap
from accord.response.ledger import (
    LedgerFilter,
    delivery_json,
    figure,
    gap_json,
    ledger,
    totals,
    visible_request,
)
from accord.response.models import Offer


def amount(text: str | None, what: str) -> Decimal | None:
    """A decimal amount typed on the command line, or a one-line refusal."""
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(_("%(what)s %(text)r is not a number") % {"what": what, "text": text}) from None
    if not value.is_finite():
        raise InputError(_("%(what)s %(text)r is not a number") % {"what": what, "text": text})
    return value


def offer_numbered(text: str) -> Offer:
    """The offer with this id (as ``offer`` printed it)."""
    found = Offer.objects.restrict(SYSTEM_USER).filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise InputError(_("no offer %(id)s") % {"id": text})
    return found


def offer_line(offer: Offer) -> str:
    return _(
        "offer %(id)s: %(state)s offers %(quantity)s %(unit)s "
        "against line %(line)s of %(request)s (%(status)s)"
    ) % {
        "id": offer.pk,
        "state": offer.state.code,
        "quantity": figure(offer.quantity),
        "unit": offer.line.unit,
        "line": offer.line.number,
        "request": offer.line.request.key,
        "status": offer.get_status_display(),
    }


def offer_json(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "request": offer.line.request.key,
        "line": offer.line.number,
        "from": offer.state.code,
        "quantity": figure(offer.quantity),
        "value": figure(offer.value),
        "currency": offer.currency,
        "status": offer.status,
        "offered_on": offer.offered_on.isoformat(),
        "accepted_on": offer.accepted_on.isoformat() if offer.accepted_on else None,
        "declined_on": offer.declined_on.isoformat() if offer.declined_on else None,
        "withdrawn_on": offer.withdrawn_on.isoformat() if offer.withdrawn_on else None,
        "reason": offer.answer_reason,
    }


def money(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--value", help="its value (with --currency)")
    parser.add_argument("--currency", default="", help="ISO code of the value's currency (RUB, USD …)")


def offer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the request's key")
    parser.add_argument("--from", dest="state", required=True, help="the offering state's code")
    parser.add_argument("--line", type=int, required=True, help="the number of the request's line")
    parser.add_argument("--quantity", required=True, help="how much is offered, in the line's unit")
    money(parser)
    parser.add_argument("--on", required=True, help="the date of the offer (YYYY-MM-DD)")
    parser.add_argument("--source", default="", help="where the offer is recorded")


def run_offer(options: dict[str, Any]) -> Answer:
    made = services.make_offer(
        visible_request(SYSTEM_USER, options["request"]),
        line=options["line"],
        state=state_named(options["state"]),
        quantity=amount(options["quantity"], "quantity"),
        value=amount(options["value"], "value"),
        currency=options["currency"],
        on=parse_date(options["on"]),
        source=options["source"],
        actor=CLI_ACTOR,
    )
    return offer_json(made), [offer_line(made)]


def answer_arguments(reason_required: bool) -> Any:
    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("offer", help="the offer's id (as printed by 'offer')")
        parser.add_argument("--on", required=True, help="the date (YYYY-MM-DD)")
        parser.add_argument("--reason", required=reason_required, default="", help="why")

    return add


def answering(action: Any) -> Any:
    def run(options: dict[str, Any]) -> Answer:
        done = action(
            offer_numbered(options["offer"]),
            on=parse_date(options["on"]),
            reason=options["reason"],
            actor=CLI_ACTOR,
        )
        return offer_json(done), [offer_line(done)]

    return run


def deliver_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("offer", help="the offer's id (as printed by 'offer')")
    parser.add_argument("--quantity", required=True, help="how much was delivered, in the line's unit")
    money(parser)
    parser.add_argument("--on", required=True, help="the date of the delivery (YYYY-MM-DD)")
    parser.add_argument("--source", required=True, help="where the delivery is recorded")


def run_deliver(options: dict[str, Any]) -> Answer:
    offer = offer_numbered(options["offer"])
    made = services.deliver(
        offer,
        quantity=amount(options["quantity"], "quantity"),
        value=amount(options["value"], "value"),
        currency=options["currency"],
        on=parse_date(options["on"]),
        source=options["source"],
        actor=CLI_ACTOR,
    )
    request = offer.line.request
    request.refresh_from_db()
    line = _("delivered %(quantity)s %(unit)s of %(what)s to %(to)s; the request is %(status)s") % {
        "quantity": figure(made.quantity),
        "unit": made.unit,
        "what": made.what,
        "to": made.recipient.code,
        "status": request.get_status_display(),
    }
    return {**delivery_json(made, References(SYSTEM_USER)), "request_status": request.status}, [line]


def ledger_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", help="only this year's deliveries")
    parser.add_argument("--to", default="", help="only deliveries to this state")
    parser.add_argument(
        "--from", dest="donor", default="", help="only deliveries from this state (ORG: the Organization)"
    )


def run_ledger(options: dict[str, Any]) -> Answer:
    wanted = LedgerFilter(
        year=parse_year(options["year"]) if options["year"] else None,
        recipient=state_named(options["to"]).code if options["to"] else "",
        donor=options["donor"],
    )
    rows = ledger(SYSTEM_USER, wanted)
    sums = totals(rows)
    lines = [
        "  ".join(
            [
                item.delivered_on.isoformat(),
                item.donor_state.code if item.donor_state else _("the Organization"),
                "→",
                item.recipient.code,
                item.what,
                f"{figure(item.quantity)} {item.unit}" if item.quantity is not None else "",
                f"{figure(item.value)} {item.currency}" if item.value is not None else "",
            ]
        ).rstrip()
        for item in rows
    ] or [_("No deliveries.")]
    lines += [
        _("total: %(amount)s %(currency)s") % {"amount": f"{v:f}", "currency": c} for c, v in sums.items()
    ]
    data = {
        "deliveries": [delivery_json(item, References(SYSTEM_USER)) for item in rows],
        "totals": {c: figure(v) for c, v in sums.items()},
    }
    return data, lines


def gap_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the request's key")
    parser.add_argument("--on", help="as of this date (YYYY-MM-DD; today when left out)")


def run_gap(options: dict[str, Any]) -> Answer:
    request = visible_request(SYSTEM_USER, options["request"])
    day = parse_date(options["on"]) if options["on"] else None
    lines = [
        _(
            "line %(line)s %(what)s: requested %(requested)s, committed %(committed)s, "
            "delivered %(delivered)s, gap %(gap)s"
        )
        % {
            "line": line.line.number,
            "what": line.line.what,
            "requested": figure(line.requested),
            "committed": figure(line.committed),
            "delivered": figure(line.delivered),
            "gap": figure(line.gap),
        }
        for line in request_gap(request, day).lines
    ]
    return gap_json(SYSTEM_USER, request, day), lines


VERBS: list[Verb] = [
    Verb("offer", "offer help against a line of a request", offer_arguments, run_offer),
    Verb(
        "accept",
        "the requesting state accepts an offer",
        answer_arguments(False),
        answering(services.accept_offer),
    ),
    Verb(
        "decline",
        "the requesting state declines an offer",
        answer_arguments(True),
        answering(services.decline_offer),
    ),
    Verb(
        "withdraw-offer",
        "the offering state withdraws its offer",
        answer_arguments(False),
        answering(services.withdraw_offer),
    ),
    Verb("deliver", "record a delivery against a committed offer", deliver_arguments, run_deliver),
    Verb("ledger", "the deliveries ledger", ledger_arguments, run_ledger),
    Verb("gap", "a request's gap per line as of a date", gap_arguments, run_gap),
]
