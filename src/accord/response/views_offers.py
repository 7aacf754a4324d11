"""Pages of the offers subject: a request's offers with their forms (the panel on a page of its own,
where its forms post), and the deliveries ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.charter.models import AssistanceBasis, State
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.core.references import References
from accord.core.validation import InvalidValue, parse_day
from accord.response import offer_services as services
from accord.response.ledger import ORGANIZATION, SORTS, LedgerFilter, figure, ledger, ledger_rows, totals
from accord.response.models import Offer, Request
from accord.response.panel_offers import AnswerForm, DeliverForm, OfferForm, offering_states, offers_context

PER_PAGE = 25


def chosen_day(request: HttpRequest) -> tuple[datetime.date | None, str]:
    """The ``?on=`` date asked for (None: today), or an error to show."""
    text = request.GET.get("on", "")
    if not text:
        return None, ""
    try:
        return parse_day(text), ""
    except InvalidValue:
        return None, _("%(text)s is not a date (YYYY-MM-DD); today is shown.") % {"text": text}


def visible_request_or_404(request: HttpRequest, key: str) -> Request:
    found = Request.objects.restrict(request.user).filter(key=key).first()
    if found is None:
        raise Http404(_("No such request."))
    return found


def offer_of(request: HttpRequest, found: Request, text: str) -> Offer:
    """The offer the form names, among the request's offers the user may see."""
    offer = (
        Offer.objects.restrict(request.user).filter(line__request=found, pk=text).first()
        if text.isdigit()
        else None
    )
    if offer is None:
        raise ServiceError(_("no such offer"), field="offer")
    return offer


def money(values: dict[str, Any]) -> dict[str, Any]:
    return {"value": values.get("value"), "currency": values.get("currency") or ""}


def act(request: HttpRequest, found: Request, kind: str, states: list[State]) -> tuple[Any, Any]:
    """Carry out the posted form; returns the form (with its errors) and the outcome."""
    actor = Actor.for_user(request.user)
    if kind == "offer":
        form = OfferForm(request.POST, states=states)
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
        return form, services.make_offer(
            found,
            line=data["line"],
            state=State.objects.restrict(SYSTEM_USER).get(code=data["state"]),
            quantity=data["quantity"],
            on=data["on"],
            source=data["source"],
            actor=actor,
            **money(data),
        )
    if kind == "deliver":
        form = DeliverForm(request.POST)
        if not form.is_valid():
            return form, None
        data = form.cleaned_data
        offer = offer_of(request, found, str(data["offer"]))
        return form, services.deliver(
            offer, quantity=data["quantity"], on=data["on"], source=data["source"], actor=actor, **money(data)
        )
    form = AnswerForm(request.POST)
    if kind not in ("accept", "decline", "withdraw") or not form.is_valid():
        form.add_error(None, _("choose what to do with the offer"))
        return form, None
    data = form.cleaned_data
    action = {
        "accept": services.accept_offer,
        "decline": services.decline_offer,
        "withdraw": services.withdraw_offer,
    }[kind]
    return form, action(
        offer_of(request, found, str(data["offer"])), on=data["on"], reason=data["reason"], actor=actor
    )


def request_offers(request: HttpRequest, key: str) -> HttpResponse:
    """A request's offers and gap as of a day, with the forms for whoever may act."""
    found = visible_request_or_404(request, key)
    day, error = chosen_day(request)
    problem, failed = "", None
    if request.method == "POST":
        states = offering_states(request.user, found)
        kind = request.POST.get("form", "")
        try:
            failed, outcome = act(request, found, kind, states)
        except PermissionDenied as refusal:
            return render(request, "response/refused.html", {"why": str(refusal)}, status=403)
        except ServiceError as refusal:
            problem = f"{refusal.field}: {refusal.reason}" if refusal.field else refusal.reason
            outcome = None
        if outcome is not None:
            return redirect("response:request-offers", key=found.key)
        if failed is not None and failed.errors:
            problem = problem or "; ".join(
                f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                for name, messages in failed.errors.items()
            )
    context = {
        **offers_context(request.user, found, day),
        "request_obj": found,
        "error": error,
        "problem": problem,
    }
    return render(request, "response/offers_page.html", context, status=422 if problem else 200)


def ledger_filter(request: HttpRequest) -> tuple[LedgerFilter, list[str]]:
    """The ledger's filters from the query, with what could not be understood (shown, not failed)."""
    errors = []
    year = None
    text = request.GET.get("year", "")
    if text:
        if text.isdigit() and len(text) == 4 and 1992 <= int(text) <= 2100:
            year = int(text)
        else:
            errors.append(_("%(text)s is not a year; every year is shown.") % {"text": text})
    sort = request.GET.get("sort", "-date")
    if sort not in SORTS:
        errors.append(_("The ledger cannot be sorted by %(text)s; the newest come first.") % {"text": sort})
        sort = "-date"
    wanted = LedgerFilter(
        year=year,
        donor=request.GET.get("from", "")[:3],
        recipient=request.GET.get("to", "")[:3],
        basis=request.GET.get("basis", "")[:64],
        sort=sort,
    )
    return wanted, errors


def deliveries(request: HttpRequest) -> HttpResponse:
    """The deliveries ledger: filters, sort, pages and totals per currency."""
    wanted, errors = ledger_filter(request)
    rows = ledger(request.user, wanted)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = {"year": wanted.year or "", "from": wanted.donor, "to": wanted.recipient, "basis": wanted.basis}
    context = {
        "page": page,
        "rows": ledger_rows(list(page.object_list), References(request.user)),
        "wanted": wanted,
        "errors": errors,
        "totals": {currency: figure(amount) for currency, amount in totals(rows).items()},
        "count": rows.count(),
        "states": State.objects.restrict(request.user).order_by("code"),
        "bases": AssistanceBasis.objects.restrict(request.user).order_by("key"),
        "organization": ORGANIZATION,
        "sorts": SORTS,
        "querystring": "&".join(f"{name}={value}" for name, value in query.items()) + f"&sort={wanted.sort}",
        "filterstring": "&".join(f"{name}={value}" for name, value in query.items()),
        "zero": Decimal(0),
    }
    return render(request, "response/deliveries.html", context)
