"""Offers against the lines of a request and the deliveries that answer them: every write of the
offers subject, with the charter's rules on who may offer and the request's life.

Who may offer is read from the charter, not from code: the offering state's status on the day of the
offer must give one of the rights the request's basis lists as ``offered_by`` (a partner with
``join-operations`` may offer against terrorism, not under Article 4). A pledge counts for nothing
until the requesting state accepts it (OCHA's rule, see :mod:`accord.response.gap`); a delivery
against an offer never exceeds what was committed, and when every line is delivered the request is
completed.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.models import AssistanceBasis, State
from accord.core.access import require, require_add
from accord.core.audit import Actor, save_with_record
from accord.core.validation import require_within_reach
from accord.forces.capacity import load_rights
from accord.forces.no_names import looks_like_names
from accord.response import lifecycle, notify
from accord.response.errors import ResponseError
from accord.response.gap import request_gap
from accord.response.ledger import figure
from accord.response.models import (
    Channel,
    Delivery,
    LineKind,
    Offer,
    OfferStatus,
    Request,
    RequestLine,
    RequestStatus,
)

CURRENCY = re.compile(r"^[A-Z]{3}$")
ZERO = Decimal(0)


def refuse_names(text: str, field: str) -> None:
    """Free text must not name people (figures, units and institutions only)."""
    why = looks_like_names(text or "")
    if why:
        raise ResponseError(_("no names of people here: %(why)s") % {"why": why}, field=field)


def check_amount(quantity: Decimal | None, value: Decimal | None, currency: str) -> str:
    """A positive quantity, and a value with its currency (both or neither); the currency upper-cased."""
    if quantity is not None and quantity <= ZERO:
        raise ResponseError(_("the quantity must be more than zero"), field="quantity")
    currency = (currency or "").strip().upper()
    if value is not None and value < ZERO:
        raise ResponseError(_("a value cannot be negative"), field="value")
    if value is not None and not currency:
        raise ResponseError(_("a value needs its currency (RUB, USD, …)"), field="currency")
    if currency and value is None:
        raise ResponseError(_("a currency needs a value"), field="value")
    if currency and not CURRENCY.match(currency):
        raise ResponseError(_("a currency is a three-letter ISO code (RUB, USD, …)"), field="currency")
    return currency


def offering_right(basis: AssistanceBasis, code: str, on: datetime.date) -> str:
    """The charter right by which ``code`` may offer help on ``basis`` on ``on``, or a refusal that
    says the state's status then and the rights the basis asks for."""
    facts = load_facts()
    status = rules.status_of(facts, code, on)
    language = translation.get_language() or "en"
    wanted = ", ".join(basis.offered_by)
    if status.value is None:
        said = " ".join(reason.render(_, language) for reason in status.reasons)
        raise ResponseError(
            _("%(said)s Only a state whose status gives %(rights)s may offer help on this basis.")
            % {"said": said, "rights": wanted},
            field="state",
        )
    held = load_rights().of(status.value)
    granting = sorted(held & set(basis.offered_by))
    if not granting:
        raise ResponseError(
            _(
                "As %(status)s on %(date)s, %(state)s may not offer help on the basis %(basis)s: "
                "the charter gives that status none of the rights %(rights)s."
            )
            % {
                "status": status.value,
                "date": on.isoformat(),
                "state": code,
                "basis": basis.key,
                "rights": wanted,
            },
            field="state",
        )
    return granting[0]


def check_request_open(request: Request, on: datetime.date) -> None:
    """The request must have been submitted by ``on`` and not have ended."""
    if request.status in lifecycle.FINAL:
        raise ResponseError(
            _("the request is %(status)s: nothing more can be offered or answered")
            % {"status": RequestStatus(request.status).label},
            field="request",
        )
    then = lifecycle.status_on(request, on)
    if then in (None, RequestStatus.DRAFT) or request.status == RequestStatus.DRAFT:
        raise ResponseError(
            _("the request had not been submitted on %(day)s") % {"day": on.isoformat()}, field="on"
        )


def line_of(request: Request, number: int) -> RequestLine:
    line = request.lines.filter(number=number).first()
    if line is None:
        raise ResponseError(_("the request has no line %(number)s") % {"number": number}, field="line")
    return line


@transaction.atomic
def make_offer(
    request: Request,
    *,
    line: int,
    state: State,
    quantity: Decimal,
    on: datetime.date,
    actor: Actor,
    value: Decimal | None = None,
    currency: str = "",
    note: str = "",
    source: str = "",
) -> Offer:
    """Record what ``state`` offers against line ``line`` of ``request`` (a pledge until accepted)."""
    user = actor.access_user
    require(user, request, "view")
    require_add(user, Offer, state.code)
    currency = check_amount(quantity, value, currency)
    refuse_names(note, "note")
    if state.pk == request.state_id:
        raise ResponseError(_("a state does not offer help to itself"), field="state")
    check_request_open(request, on)
    if request.channel == Channel.BILATERAL and not request.addressed_to.filter(pk=state.pk).exists():
        raise ResponseError(
            _("a bilateral request is answered only by the states it is addressed to"), field="state"
        )
    offering_right(request.basis, state.code, on)
    offer = Offer(
        line=line_of(request, line),
        state=state,
        quantity=quantity,
        value=value,
        currency=currency,
        offered_on=on,
    )
    save_with_record(offer, actor=actor, reason=note, fields={"note": note, "source_text": source})
    notify.offer_made(offer, actor)
    return offer


def check_answer(offer: Offer, on: datetime.date, actor: Actor) -> Request:
    """The requesting state (or a coordinator) answers a standing pledge, not before it was made."""
    request = offer.line.request
    require(actor.access_user, request, "change")
    if offer.status != OfferStatus.PLEDGED:
        raise ResponseError(
            _("the offer is %(status)s: only a pledged offer can be accepted or declined")
            % {"status": OfferStatus(offer.status).label},
            field="offer",
        )
    if on < offer.offered_on:
        raise ResponseError(
            _("the answer cannot come before the offer (%(day)s)") % {"day": offer.offered_on.isoformat()},
            field="on",
        )
    check_request_open(request, on)
    return request


def check_decided(request: Request, on: datetime.date) -> None:
    """Help through the Organization is accepted once its body has approved the request (pledges made
    during the consultations inform that decision); a bilateral request is answered at once."""
    if request.channel == Channel.BILATERAL:
        return
    if lifecycle.status_on(request, on) not in lifecycle.DELIVERABLE:
        raise ResponseError(
            _("on %(day)s the request had not been approved: offers are accepted after the decision")
            % {"day": on.isoformat()},
            field="on",
        )


def start_delivery(request: Request, on: datetime.date, actor: Actor) -> None:
    """The first accepted offer of a decided (or bilateral) request puts it in delivery."""
    if RequestStatus.IN_DELIVERY not in lifecycle.allowed_next(request):
        return
    if request.status not in lifecycle.DELIVERABLE and request.channel != Channel.BILATERAL:
        return
    last = request.steps.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        return
    lifecycle.move(request, RequestStatus.IN_DELIVERY, on=on, actor=actor, reason=_("an offer was accepted"))


@transaction.atomic
def accept_offer(offer: Offer, *, on: datetime.date, actor: Actor, reason: str = "") -> Offer:
    """The requesting state accepts a pledge: it is committed from ``on``."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    request = check_answer(offer, on, actor)
    check_decided(request, on)
    refuse_names(reason, "reason")
    save_with_record(
        offer,
        actor=actor,
        reason=reason,
        fields={"status": OfferStatus.COMMITTED, "accepted_on": on, "answer_reason": reason},
    )
    notify.offer_accepted(offer, actor)
    start_delivery(Request.objects.get(pk=request.pk), on, actor)
    return offer


@transaction.atomic
def decline_offer(offer: Offer, *, on: datetime.date, actor: Actor, reason: str) -> Offer:
    """The requesting state declines a pledge, saying why."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    check_answer(offer, on, actor)
    if not (reason or "").strip():
        raise ResponseError(_("say why the offer is declined"), field="reason")
    refuse_names(reason, "reason")
    save_with_record(
        offer,
        actor=actor,
        reason=reason,
        fields={"status": OfferStatus.DECLINED, "declined_on": on, "answer_reason": reason},
    )
    return offer


def delivered_against(offer: Offer) -> Decimal:
    """What has been delivered against an offer so far."""
    return offer.deliveries.aggregate(total=Sum("quantity"))["total"] or ZERO


@transaction.atomic
def withdraw_offer(offer: Offer, *, on: datetime.date, actor: Actor, reason: str = "") -> Offer:
    """The offering state takes back a pledge or a commitment nothing has been delivered against."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    require(actor.access_user, offer, "change")
    refuse_names(reason, "reason")
    if offer.status not in (OfferStatus.PLEDGED, OfferStatus.COMMITTED):
        raise ResponseError(
            _("the offer is %(status)s and cannot be withdrawn")
            % {"status": OfferStatus(offer.status).label},
            field="offer",
        )
    if offer.deliveries.exists():
        raise ResponseError(
            _("deliveries were recorded against this offer: it cannot be withdrawn"), field="offer"
        )
    latest = offer.accepted_on or offer.offered_on
    if on < latest:
        raise ResponseError(
            _("the offer cannot be withdrawn before %(day)s") % {"day": latest.isoformat()}, field="on"
        )
    save_with_record(
        offer, actor=actor, reason=reason, fields={"status": OfferStatus.WITHDRAWN, "withdrawn_on": on}
    )
    return offer


def check_delivery_of(offer: Offer, quantity: Decimal, on: datetime.date, source: str) -> None:
    """Only against a commitment, after it, and never more than remains committed."""
    if offer.status != OfferStatus.COMMITTED:
        raise ResponseError(
            _("only a committed (accepted) offer can be delivered; this one is %(status)s")
            % {"status": OfferStatus(offer.status).label},
            field="offer",
        )
    if offer.accepted_on and on < offer.accepted_on:
        raise ResponseError(
            _("a delivery cannot come before the offer was accepted (%(day)s)")
            % {"day": offer.accepted_on.isoformat()},
            field="on",
        )
    remaining = offer.quantity - delivered_against(offer)
    if quantity > remaining:
        raise ResponseError(
            _("only %(remaining)s %(unit)s remain to deliver against this offer")
            % {"remaining": figure(remaining), "unit": offer.line.unit},
            field="quantity",
        )
    if not (source or "").strip():
        raise ResponseError(_("say where the delivery is recorded (its source)"), field="source")


def complete_if_delivered(request: Request, on: datetime.date, actor: Actor) -> None:
    """When every line's gap is zero the request is completed (a step of its life, checked)."""
    request = Request.objects.select_for_update().get(pk=request.pk)
    if not request_gap(request).closed or RequestStatus.COMPLETED not in lifecycle.allowed_next(request):
        return
    last = request.steps.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        return
    lifecycle.refuse_step(request, RequestStatus.COMPLETED, on)
    lifecycle.append_step(
        request, RequestStatus.COMPLETED, on=on, actor=actor, reason=_("every line has been delivered")
    )


@transaction.atomic
def deliver(
    offer: Offer,
    *,
    quantity: Decimal,
    on: datetime.date,
    source: str,
    actor: Actor,
    value: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> Delivery:
    """Record a delivery against a committed offer; the request completes when nothing is missing."""
    offer = Offer.objects.select_for_update().select_related("line__request").get(pk=offer.pk)
    request = offer.line.request
    require(actor.access_user, offer, "view")
    require_add(actor.access_user, Delivery, offer.state.code)
    currency = check_amount(quantity, value, currency)
    refuse_names(note, "note")
    check_request_open(request, on)
    check_delivery_of(offer, quantity, on, source)
    line = offer.line
    delivery = Delivery(
        offer=offer,
        donor_state=offer.state,
        recipient=request.state,
        basis=request.basis,
        crisis=request.crisis,
        kind=line.kind,
        what_en=line.what_en,
        what_ru=line.what_ru,
        quantity=quantity,
        unit=line.unit,
        value=value,
        currency=currency,
        delivered_on=on,
        classification=request.classification,
        releasability=request.releasability,
        release_to=request.release_to,
    )
    save_with_record(delivery, actor=actor, reason=note, fields={"note_en": note, "source_text": source})
    notify.delivery_recorded(delivery, actor)
    complete_if_delivered(request, on, actor)
    return delivery


@transaction.atomic
def deliver_without_offer(
    *,
    donor: State | None,
    recipient: State,
    kind: str,
    what_en: str,
    on: datetime.date,
    source: str,
    actor: Actor,
    what_ru: str = "",
    quantity: Decimal | None = None,
    unit: str = "",
    value: Decimal | None = None,
    currency: str = "",
    basis: AssistanceBasis | None = None,
    note: str = "",
    labels: dict[str, Any] | None = None,
) -> Delivery:
    """Record help no offer answers (military-technical assistance): from a state, or from the
    Organization itself when ``donor`` is None (then only a coordinator records it)."""
    require_add(actor.access_user, Delivery, donor.code if donor else None)
    currency = check_amount(quantity, value, currency)
    for text, name in ((what_en, "what_en"), (what_ru, "what_ru"), (note, "note")):
        refuse_names(text, name)
    if not what_en.strip():
        raise ResponseError(_("say what was delivered"), field="what_en")
    if kind not in LineKind.values:
        raise ResponseError(_("%(value)s is not a kind of help") % {"value": kind}, field="kind")
    if donor is not None and donor.pk == recipient.pk:
        raise ResponseError(_("a state does not deliver help to itself"), field="recipient")
    if not (source or "").strip():
        raise ResponseError(_("say where the delivery is recorded (its source)"), field="source")
    if quantity is not None and not unit.strip():
        raise ResponseError(_("a quantity needs its unit"), field="unit")
    delivery = Delivery(
        donor_state=donor,
        recipient=recipient,
        basis=basis,
        kind=kind,
        what_en=what_en,
        what_ru=what_ru,
        quantity=quantity,
        unit=unit,
        value=value,
        currency=currency,
        delivered_on=on,
    )
    for name, value in (labels or {}).items():
        if name not in ("classification", "releasability", "release_to"):
            raise ResponseError(_("%(value)s is not a label") % {"value": name}, field=name)
        setattr(delivery, name, value)
    save_with_record(delivery, actor=actor, reason=note, fields={"note_en": note, "source_text": source})
    require_within_reach(actor.access_user, delivery)  # nobody records help above what they may see
    notify.delivery_recorded(delivery, actor)
    return delivery
