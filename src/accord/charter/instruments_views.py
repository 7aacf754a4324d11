"""Pages that record the charter's instruments (their URLs: ``urlpatterns`` here, included by
:mod:`accord.charter.urls`): a new instrument from the instruments page, a signature or a ratification
from the instrument's page, diplomatic relations on a page of their own. A refusal — by the policy
(403) or by the service or the charter's rules (the form again, with the reasons) — writes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter import models as charter
from accord.charter.instrument_changes import (
    NewInstrument,
    Ratification,
    Signature,
    ratify,
    record_instrument,
    record_signature,
)
from accord.charter.instrument_forms import (
    InstrumentForm,
    RatificationForm,
    RelationForm,
    SignatureForm,
    signing_states,
)
from accord.charter.services import record_relation
from accord.charter.views import form_field, instrument_context, instrument_list_context, visible_instrument
from accord.core.access import may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError


@require_POST
def record_new_instrument(request: HttpRequest) -> HttpResponse:
    """Record a new instrument from the instruments page; a refusal stays on the page."""
    if not may_add(request.user, charter.Instrument):
        raise PermissionDenied(_("Your role does not allow recording an instrument."))
    form = InstrumentForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        body = data["adopted_by"]
        new = NewInstrument(
            key=data["key"],
            title_en=data["title_en"],
            title_ru=data["title_ru"],
            kind=data["kind"],
            entry_into_force=data["entry_into_force"],
            source=data["source"],
            adopted_on=data["adopted_on"],
            place_en=data["place_en"],
            place_ru=data["place_ru"],
            adopted_by=body.key if body else "",
            in_force_from=data["in_force_from"],
            publisher=data["publisher"],
            published_on=data["published_on"],
        )
        try:
            instrument = record_instrument(new, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The instrument is recorded."))
            return redirect("charter:instrument-detail", key=instrument.key)
    context = instrument_list_context(request, form)
    return render(request, "charter/instrument_list.html", context, status=422)


def require_signing(request: HttpRequest) -> None:
    """Refuse a user who may sign or ratify for no state."""
    if not signing_states(request.user).exists():
        raise PermissionDenied(_("Your role does not allow recording a signature or a ratification."))


@require_POST
def record_instrument_signature(request: HttpRequest, key: str) -> HttpResponse:
    """Record a state's signature from the instrument's page; a refusal stays on the page."""
    instrument = visible_instrument(request, key)
    require_signing(request)
    form = SignatureForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        signature = Signature(
            instrument.key,
            data["state"],
            data["on"],
            data["office"],
            data["source"],
            data["place"],
            data["publisher"],
            data["published_on"],
        )
        try:
            record_signature(signature, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The signature is recorded."))
            return redirect("charter:instrument-detail", key=instrument.key)
    context = instrument_context(request, instrument, signature=form)
    return render(request, "charter/instrument_detail.html", context, status=422)


@require_POST
def record_instrument_ratification(request: HttpRequest, key: str) -> HttpResponse:
    """Record a ratification from the instrument's page; the rules' refusal stays on the page with
    their reasons until an override is given."""
    instrument = visible_instrument(request, key)
    require_signing(request)
    form = RatificationForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        ratification = Ratification(
            instrument.key,
            data["state"],
            data["on"],
            data["source"],
            data["override"],
            data["publisher"],
            data["published_on"],
        )
        try:
            ratify(ratification, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The ratification is recorded."))
            return redirect("charter:instrument-detail", key=instrument.key)
    context = instrument_context(request, instrument, ratification=form)
    return render(request, "charter/instrument_detail.html", context, status=422)


def record_diplomatic_relation(request: HttpRequest) -> HttpResponse:
    """A page to record diplomatic relations between two states (Secretariat)."""
    if not may_add(request.user, charter.DiplomaticRelation):
        raise PermissionDenied(_("Your role does not allow recording diplomatic relations."))
    form = RelationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_relation(
                data["first"],
                data["second"],
                established=data["established_on"],
                broken_off=data["broken_off_on"],
                source=data["source"],
                publisher=data["publisher"],
                published_on=data["published_on"],
                actor=Actor.for_user(request.user),
            )
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The diplomatic relations are recorded."))
            return redirect("charter:record-relation")
    status = 422 if request.method == "POST" else 200
    return render(request, "charter/relation_form.html", {"form": form}, status=status)


urlpatterns: list[URLPattern] = [
    path("record/instrument/", record_new_instrument, name="record-instrument"),
    path("instruments/<slug:key>/signature/", record_instrument_signature, name="record-signature"),
    path("instruments/<slug:key>/ratification/", record_instrument_ratification, name="record-ratification"),
    path("relations/new/", record_diplomatic_relation, name="record-relation"),
]
