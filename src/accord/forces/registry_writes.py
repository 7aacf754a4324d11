"""The forms on the registry's pages: record a contribution (formation page), change one (its page),
record a joint event or a contact (organization page), record training figures (personnel page).

Each page shows its form only to those who may write; a POST from anyone else gets the 403 page saying
why; a refusal of the service goes beside the field it names, the page answering 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import Action, may, may_add, require_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.decisions.record_views import refused
from accord.forces.models import Contribution, InstitutionalContact, JointEvent, PersonnelTraining
from accord.forces.registry import services
from accord.forces.registry_forms import (
    ContactForm,
    ContributionChangeForm,
    ContributionForm,
    EventForm,
    PersonnelForm,
)


def own_state(user: Any) -> str | None:
    """The code of the state a user works for (a liaison officer's), or None."""
    state = getattr(user, "affiliation_state", None)
    return state.code if state is not None else None


def writable_states(user: Any, model: type) -> list[tuple[str, str]]:
    """The states the user may record ``model`` rows for: their own, or every member for the Secretariat."""
    if may_add(user, model, None):
        return [(state.code, str(state.name)) for state in State.objects.order_by("code")]
    code = own_state(user)
    if code and may_add(user, model, code):
        return [(state.code, str(state.name)) for state in State.objects.filter(code=code)]
    return []


def may_record(user: Any, model: type) -> bool:
    """Whether to show the form to record a ``model`` row (for some state, where rows belong to one)."""
    return (
        bool(writable_states(user, model))
        if model in (Contribution, PersonnelTraining)
        else may_add(user, model)
    )


def refusal(user: Any, model: type, state: str | None = None) -> str:
    """Why ``user`` may not record a ``model`` row (for ``state``), or "" when they may."""
    if not user.is_authenticated:
        return _("log in to record this")
    try:
        require_add(user, model, state)
    except PermissionDenied as error:
        return str(error) or _("your role does not allow this")
    return ""


def submitted(
    request: HttpRequest, form: forms.Form, why_not: str, write: Callable[[], Any], back: str
) -> HttpResponse | None:
    """The 403 page saying why for those not allowed; else run ``write`` for a valid form and go
    ``back``; None leaves the form's errors (beside their fields) to be shown on the page."""
    if why_not:
        return refused(request, why_not)
    if not form.is_valid():
        return None
    try:
        write()
    except PermissionDenied as error:
        return refused(request, error)
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.reason)
        return None
    return redirect(back)


def contribution_form(request: HttpRequest) -> ContributionForm:
    """The form to record a contribution, bound on a POST that carries it."""
    data = request.POST if request.POST.get("form") == "contribution" else None
    return ContributionForm(data, states=writable_states(request.user, Contribution))


def record_contribution(request: HttpRequest, formation: Any, form: ContributionForm) -> HttpResponse | None:
    """Record the form's contribution to ``formation`` (None when it stays on the page)."""
    state = request.POST.get("state") or own_state(request.user)

    def write() -> None:
        values, reason = form.values()
        services.record_contribution(
            {**values, "formation": formation}, actor=Actor.for_user(request.user), reason=reason
        )

    why_not = refusal(request.user, Contribution, state)
    back = reverse("forces:formation-detail", args=[formation.key])
    return submitted(request, form, why_not, write, back)


def change_form(request: HttpRequest, item: Contribution) -> ContributionChangeForm:
    data = request.POST if request.POST.get("form") == "change" else None
    return ContributionChangeForm(data, contribution=item)


def may_change(user: Any, item: Contribution) -> bool:
    return user.is_authenticated and may(user, item, Action.CHANGE)


def change_contribution(
    request: HttpRequest, item: Contribution, form: ContributionChangeForm
) -> HttpResponse | None:
    """Apply the form's changes to ``item`` (only the fields that differ are recorded as changed)."""

    def write() -> None:
        values, reason = form.values()
        services.change_contribution(item, values, actor=Actor.for_user(request.user), reason=reason)

    why_not = refusal(request.user, Contribution, item.state.code)
    if not why_not and not may_change(request.user, item):
        why_not = _("you may not change this contribution")
    back = reverse("forces:contribution-detail", args=[item.pk])
    return submitted(request, form, why_not, write, back)


def cooperation_forms(request: HttpRequest) -> tuple[EventForm, ContactForm]:
    chosen = request.POST.get("form")
    return (
        EventForm(request.POST if chosen == "event" else None),
        ContactForm(request.POST if chosen == "contact" else None),
    )


def record_event(request: HttpRequest, organization: Any, form: EventForm) -> HttpResponse | None:
    def write() -> None:
        values, reason = form.values()
        services.record_event(values, [organization.key], actor=Actor.for_user(request.user), reason=reason)

    back = reverse("forces:organization-detail", args=[organization.key])
    return submitted(request, form, refusal(request.user, JointEvent), write, back)


def record_contact(request: HttpRequest, organization: Any, form: ContactForm) -> HttpResponse | None:
    def write() -> None:
        values, reason = form.values()
        services.record_contact(
            {**values, "organization": organization}, actor=Actor.for_user(request.user), reason=reason
        )

    back = reverse("forces:organization-detail", args=[organization.key])
    return submitted(request, form, refusal(request.user, InstitutionalContact), write, back)


def personnel_form(request: HttpRequest) -> PersonnelForm:
    states = [("", _("all member states")), *writable_states(request.user, PersonnelTraining)]
    data = request.POST if request.POST.get("form") == "personnel" else None
    return PersonnelForm(data, states=states)


def record_personnel(request: HttpRequest, form: PersonnelForm) -> HttpResponse | None:
    def write() -> None:
        values, reason = form.values()
        services.record_personnel(
            {**values, "state": values["state"] or None}, actor=Actor.for_user(request.user), reason=reason
        )

    why_not = refusal(request.user, PersonnelTraining, request.POST.get("state") or None)
    back = reverse("forces:personnel") + f"?year={form.cleaned_data['year'] if form.is_valid() else ''}"
    return submitted(request, form, why_not, write, back)
