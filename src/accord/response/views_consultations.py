"""Pages of consultations and decisions: one consultation (its session, participants in their
capacity, attendees, outcome), and the forms to hold a consultation on a request and to link the
body's decision to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.core.access import may, may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.decisions.models import Session
from accord.response.consultation_services import ConsultationPlan, decide, hold_consultation, positions_of
from accord.response.forms_consult_deploy import ConsultationForm, DecisionForm
from accord.response.links import request_page
from accord.response.lookups import visible_consultations
from accord.response.models import Request


def visible_request(request: HttpRequest, key: str) -> Request:
    found = Request.objects.restrict(request.user).filter(key=key).first()
    if found is None:
        raise Http404
    return found


def refused(request: HttpRequest, error: PermissionDenied | str) -> HttpResponse:
    """A 403 page that says why the change was refused."""
    why = str(error) or _("your role does not allow this")
    return render(request, "decisions/refused.html", {"why": why}, status=403)


def show_error(form: Any, error: ServiceError) -> None:
    """A service's refusal beside the field it names (or above the form)."""
    form.add_error(error.field if error.field in form.fields else None, error.reason)


def may_consult(user: Any, subject: Request) -> bool:
    """Whether the user may hold a consultation on the request (change it, and record a session)."""
    return may(user, subject, "change") and may_add(user, Session)


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation: the session it is, who took part and in what capacity, and what it proposes."""
    consultation = visible_consultations(request.user).filter(pk=pk).first()
    if consultation is None:
        raise Http404
    session = consultation.session
    return render(
        request,
        "response/consultations_detail.html",
        {
            "consultation": consultation,
            "session": session,
            "participants": session.participants.select_related("state").order_by("state__code"),
            "attendees": consultation.attendees.select_related("body"),
        },
    )


@login_required
def consult(request: HttpRequest, key: str) -> HttpResponse:
    """Hold a consultation on a request; refusals are shown beside their fields."""
    subject = visible_request(request, key)
    if not may_consult(request.user, subject):
        return refused(request, _("only the Secretariat and those who record sessions hold consultations"))
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        plan = ConsultationPlan(
            body=values["body"],
            on=values["on"],
            format=values["format"],
            kind=values["kind"],
            states=list(values["states"]),
            attendee_bodies=list(values["attendee_bodies"]),
            attendees=form.attendee_lines(),
            outcome_en=values["outcome_en"],
            outcome_ru=values["outcome_ru"],
            proposal_to=values["proposal_to"],
            classification=values["classification"],
            releasability=subject.releasability,
            release_to=subject.release_to_codes,
            source=values["source"],
        )
        try:
            consultation = hold_consultation(subject, plan, actor=Actor.for_user(request.user))
        except ServiceError as error:
            show_error(form, error)
        except PermissionDenied as error:
            return refused(request, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("response:consultation-detail", pk=consultation.pk)
    return render(request, "response/consultations_form.html", {"form": form, "subject": subject})


@login_required
def link_decision(request: HttpRequest, key: str) -> HttpResponse:
    """Link the deciding body's decision to a request; the request moves to approved or declined."""
    subject = visible_request(request, key)
    if not may(request.user, subject, "change"):
        return refused(request, _("only those who may change the request link its decision"))
    form = DecisionForm(request.POST or None, user=request.user, body=subject.basis.decided_by)
    if request.method == "POST" and form.is_valid():
        try:
            decide(
                subject,
                form.cleaned_data["item"],
                actor=Actor.for_user(request.user),
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            show_error(form, error)
        except PermissionDenied as error:
            return refused(request, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect(request_page(subject.key))
    return render(request, "response/consultations_decide.html", {"form": form, "subject": subject})


def decision_rows(user: Any, subject: Request) -> dict[str, Any] | None:
    """The decision shown with the request: the session (when the user sees it) and every position."""
    item = subject.decision_item
    if item is None or not Session.objects.restrict(user).filter(pk=item.session_id).exists():
        return None
    return {"item": item, "session": item.session, "positions": positions_of(item)}
