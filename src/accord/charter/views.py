"""Pages of the charter: states, bodies and posts, chairmanships, instruments, eligibility."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter import models as charter
from accord.charter import presenters, queries, rules
from accord.charter.facts import load_facts
from accord.charter.forms import EligibilityForm, StateFilterForm, StatusChangeForm
from accord.charter.instrument_forms import InstrumentForm, RatificationForm, SignatureForm, signing_states
from accord.charter.presenters import answer_payload, reasons_text
from accord.charter.status_changes import StatusChange, record_status
from accord.core.access import may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.core.validation import EARLIEST_DATE, ISO_DAY, LATEST_DATE, InvalidValue, parse_day

STATES_PER_PAGE = 50


def is_calendar_day(text: str) -> bool:
    """Whether a text is a day of the calendar written YYYY-MM-DD (if perhaps not one Accord keeps)."""
    try:
        return bool(ISO_DAY.fullmatch(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def as_of(request: HttpRequest) -> tuple[datetime.date, str]:
    """The date a page is about (``?on=``), today if absent; an error message if malformed."""
    text = request.GET.get("on", "")
    if not text:
        return timezone.localdate(), ""
    try:
        return parse_day(text), ""
    except InvalidValue:
        pass
    if is_calendar_day(text):
        return timezone.localdate(), _(
            "“%(value)s” is outside the dates Accord keeps records for (%(earliest)s to %(latest)s). "
            "Showing today."
        ) % {"value": text, "earliest": EARLIEST_DATE, "latest": LATEST_DATE}
    return timezone.localdate(), _("“%(value)s” is not a date: use YYYY-MM-DD. Showing today.") % {
        "value": text
    }


def state_list(request: HttpRequest) -> HttpResponse:
    """Every state, with its status on a date; filter by name or status, 50 a page."""
    form = StateFilterForm(request.GET or None)
    on, date_error = as_of(request)
    query = status = ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
        on = form.cleaned_data["on"] or on
    facts = load_facts(request.user)
    rows = queries.visible_states(request.user, query, status, on, facts)
    page = Paginator(rows, STATES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "charter/state_list.html",
        {
            "form": form,
            "page": page,
            "on": on,
            "date_error": date_error,
            "total": len(rows),
            "querystring": params.urlencode(),
        },
    )


def state_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One state: its status today, its history, the rights it holds, its regions."""
    state = visible_state(request, code)
    return render(request, "charter/state_detail.html", state_context(request, state))


def visible_state(request: HttpRequest, code: str) -> charter.State:
    """The state named by ``code`` if the user may see it, else 404."""
    state = charter.State.objects.restrict(request.user).filter(code=code.upper()).first()
    if state is None:
        raise Http404(_("No such state."))
    return state


def state_context(
    request: HttpRequest, state: charter.State, form: StatusChangeForm | None = None
) -> dict[str, Any]:
    """What the state's page shows: its status on a date and why, what that status lets it do,
    its history, rights, regions and office holders, and the form to record a change."""
    on, date_error = as_of(request)
    facts = load_facts(request.user)
    answer = rules.status_of(facts, state.code, on)
    may_record = may_add(request.user, charter.StateStatus, state.code)
    return {
        "state": state,
        "on": on,
        "date_error": date_error,
        "status": answer.value,
        "status_label": charter.Status(answer.value).label if answer.value else "",
        "status_reasons": reasons_text(answer),
        "powers": presenters.status_powers(facts, answer.value),
        "kind": facts.kind(answer.value) if answer.value else None,
        "history": queries.status_history(request.user, state),
        "rights": queries.rights_for(request.user, answer.value),
        "regions": state.regions.restrict(request.user),
        "appointments": charter.Appointment.objects.restrict(request.user)
        .filter(state=state)
        .select_related("post"),
        "status_form": (form or StatusChangeForm()) if may_record else None,
    }


@require_POST
def record_state_status(request: HttpRequest, code: str) -> HttpResponse:
    """Record the state's new status from the page; a refusal stays on the page with its reasons."""
    state = visible_state(request, code)
    if not may_add(request.user, charter.StateStatus, state.code):
        raise PermissionDenied(_("Your role does not allow recording a state's status."))
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        change = StatusChange(
            state,
            data["status"],
            data["start"],
            data["source"],
            data["reason"],
            data["decision"],
            data["override"],
        )
        try:
            record_status(change, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The new status is recorded."))
            return redirect("charter:state-detail", code=state.code)
    return render(request, "charter/state_detail.html", state_context(request, state, form), status=422)


def form_field(form: StatusChangeForm, error: ServiceError) -> str | None:
    """The form field a service error names, or None for the form as a whole."""
    return error.field if error.field in form.fields else None


def instrument_list(request: HttpRequest) -> HttpResponse:
    """Instruments with whether each is in force on a date (and the form to record a new one)."""
    return render(request, "charter/instrument_list.html", instrument_list_context(request))


def instrument_list_context(request: HttpRequest, form: InstrumentForm | None = None) -> dict[str, Any]:
    """What the instruments page shows: each instrument in force or not, and the form for those who
    may record one."""
    on, date_error = as_of(request)
    facts = load_facts(request.user)
    instruments = []
    for instrument in charter.Instrument.objects.restrict(request.user).select_related("adopted_by"):
        answer = rules.instrument_status_on(facts, instrument.key, on)
        instruments.append({"instrument": instrument, "status": answer.value})
    may_record = may_add(request.user, charter.Instrument)
    return {
        "instruments": instruments,
        "on": on,
        "date_error": date_error,
        "instrument_form": (form or InstrumentForm(user=request.user)) if may_record else None,
        "may_record_relation": may_add(request.user, charter.DiplomaticRelation),
    }


def visible_instrument(request: HttpRequest, key: str) -> charter.Instrument:
    """The instrument with this key if the user may see it, else 404."""
    instrument = charter.Instrument.objects.restrict(request.user).filter(key=key).first()
    if instrument is None:
        raise Http404(_("No such instrument."))
    return instrument


def instrument_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One instrument: its ratification table and whether it is in force, with reasons."""
    instrument = visible_instrument(request, key)
    return render(request, "charter/instrument_detail.html", instrument_context(request, instrument))


def instrument_context(
    request: HttpRequest, instrument: charter.Instrument, **forms: SignatureForm | RatificationForm
) -> dict[str, Any]:
    """What the instrument's page shows: whether it is in force and why, its participants (with any
    override of the charter's rules), and the forms to record a signature or a ratification."""
    on, date_error = as_of(request)
    facts = load_facts(request.user)
    answer = rules.instrument_status_on(facts, instrument.key, on)
    participants = (
        charter.InstrumentParticipant.objects.restrict(request.user)
        .filter(instrument=instrument)
        .select_related("state")
        .order_by("state__name_en")
    )
    may_record = signing_states(request.user).exists()
    return {
        "instrument": instrument,
        "participants": participants,
        "status": answer.value,
        "reasons": reasons_text(answer),
        "sources": answer.sources,
        "on": on,
        "date_error": date_error,
        "signature_form": (forms.get("signature") or SignatureForm(user=request.user))
        if may_record
        else None,
        "ratification_form": (
            (forms.get("ratification") or RatificationForm(user=request.user)) if may_record else None
        ),
    }


def eligibility_form(request: HttpRequest) -> HttpResponse:
    """Ask whether a state may become observer, partner or member on a date."""
    form = EligibilityForm(request.GET or None, user=request.user)
    result: dict[str, Any] | None = None
    if form.is_valid():
        facts = load_facts(request.user)
        state = form.cleaned_data["state"]
        answer = rules.eligibility(facts, state.code, form.cleaned_data["status"], form.cleaned_data["on"])
        result = {
            "value": answer_payload(answer, **answer.value),
            "reasons": reasons_text(answer),
            "sources": answer.sources,
            "state": state,
        }
    return render(request, "charter/eligibility.html", {"form": form, "result": result})
