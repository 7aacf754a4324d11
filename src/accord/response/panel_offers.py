"""The offers panel of a request's page: each line with its offers (status and dates as of the day),
the gap, and the forms to offer, accept, decline, withdraw and deliver for whoever may."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER, may, may_add
from accord.response import lifecycle
from accord.response.gap import request_gap
from accord.response.models import Delivery, Offer, OfferStatus, Request, RequestStatus
from accord.response.panels import Panel, register

TEMPLATE = "response/offers_panel.html"


class OfferForm(forms.Form):
    """An offer against a line (the state is one the user may offer for)."""

    state = forms.ChoiceField(label=_("Offering state"))
    line = forms.IntegerField(label=_("Line"), min_value=1, max_value=32767)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=18, decimal_places=3, min_value=0)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=2, min_value=0, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    on = forms.DateField(label=_("Offered on"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=400, required=False)

    def __init__(self, *args: Any, states: list[State] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(state.code, f"{state.code} — {state.name}") for state in states]


class AnswerForm(forms.Form):
    """Accept, decline or withdraw an offer on a date, with why."""

    offer = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Why"), max_length=2000, required=False)


class DeliverForm(forms.Form):
    """A delivery against a committed offer."""

    offer = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=18, decimal_places=3, min_value=0)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=2, min_value=0, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=400)


def status_as_of(offer: Offer, day: datetime.date | None) -> str:
    """Where an offer stood on ``day`` (its present status when None), from its dates."""
    if day is None:
        return offer.status
    for status, date in (
        (OfferStatus.WITHDRAWN, offer.withdrawn_on),
        (OfferStatus.DECLINED, offer.declined_on),
        (OfferStatus.COMMITTED, offer.accepted_on),
    ):
        if date is not None and date <= day:
            return status
    return OfferStatus.PLEDGED


def offering_states(user: Any, request: Request) -> list[State]:
    """The states the user may record an offer for (never the requesting state)."""
    states = State.objects.restrict(SYSTEM_USER).exclude(pk=request.state_id).order_by("code")
    return [state for state in states if may_add(user, Offer, state.code)]


def may_take_offers(request: Request) -> bool:
    return request.status not in lifecycle.FINAL and request.status != RequestStatus.DRAFT


def offers_context(user: Any, request: Request, day: datetime.date | None) -> dict[str, Any]:
    """The panel's context: lines with their gap and offers as of ``day``, and what the user may do."""
    offers = Offer.objects.restrict(user).filter(line__request=request).select_related("state", "line")
    if day is not None:
        offers = offers.filter(offered_on__lte=day)
    gap = request_gap(request, day)
    open_now = may_take_offers(request) and day is None
    answerable = open_now and may(user, request, "change")
    rows = []
    for line in gap.lines:
        line_offers = []
        for offer in offers:
            if offer.line_id != line.line.pk:
                continue
            status = status_as_of(offer, day)
            line_offers.append(
                {
                    "offer": offer,
                    "status": status,
                    "status_label": OfferStatus(status).label,
                    "may_answer": answerable and offer.status == OfferStatus.PLEDGED,
                    "may_withdraw": open_now
                    and offer.status in (OfferStatus.PLEDGED, OfferStatus.COMMITTED)
                    and not offer.deliveries.exists()
                    and may(user, offer, "change"),
                    "may_deliver": open_now
                    and offer.status == OfferStatus.COMMITTED
                    and may_add(user, Delivery, offer.state.code),
                }
            )
        rows.append({"gap": line, "offers": line_offers})
    states = offering_states(user, request) if open_now else []
    return {
        "offers_request": request,
        "offers_day": day,
        "offers_rows": rows,
        "offers_gap": gap,
        "offers_any": any(row["offers"] for row in rows),
        "offer_form": OfferForm(states=states) if states else None,
    }


register(Panel(20, TEMPLATE, offers_context))
