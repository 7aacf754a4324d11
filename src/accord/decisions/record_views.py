"""Pages that record what happened at sessions and in programs: positions and their corrections,
amendments to minutes, sources, linked documents, measures and progress reports.

Each write goes through a service, which checks the user's role and records the change; a refusal
is answered with a 403 page that says why, a service error is shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.access import may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.decisions.models import AgendaItem, Amendment, Document, Measure, Minutes, ProgressReport, Session
from accord.decisions.record_forms import (
    AmendmentForm,
    LinkForm,
    MeasureForm,
    PositionForm,
    ProgressForm,
    RejectForm,
    SourceForm,
    participant_states,
)
from accord.decisions.recording import add_source, create_measure, link_document, update_measure
from accord.decisions.services import (
    accept_amendment,
    propose_amendment,
    record_position,
    reject_amendment,
    report_progress,
)
from accord.decisions.views import visible_or_404


def refused(request: HttpRequest, error: PermissionDenied | str) -> HttpResponse:
    """A 403 page that says why the write was refused."""
    why = str(error) or _("your role does not allow this")
    return render(request, "decisions/refused.html", {"why": why}, status=403)


def back_to_session(session_id: int, anchor: str = "") -> HttpResponse:
    """Back to the session page, at the part just changed."""
    return redirect(reverse("decisions:session-detail", args=[session_id]) + (f"#{anchor}" if anchor else ""))


def form_errors(form: Any) -> str:
    """A form's errors as one line for a message."""
    return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())


def run_write(request: HttpRequest, action: Any) -> HttpResponse | None:
    """Run a write; a refused role gives the 403 page, a service error a message. None: done."""
    try:
        action()
    except PermissionDenied as error:
        return refused(request, error)
    except ServiceError as error:
        messages.error(request, str(error))
    return None


@login_required
@require_POST
def position_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct one state's position on an agenda item; the body's rule decides again."""
    item = visible_or_404(request, AgendaItem.objects.select_related("session"), pk)
    form = PositionForm(request.POST, item=item)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back_to_session(item.session_id, f"item-{item.pk}")
    data = form.cleaned_data
    failed = run_write(
        request,
        lambda: record_position(
            item,
            data["state"].code,
            data["position"],
            data["remark"],
            reason=data["reason"],
            actor=Actor.for_user(request.user),
        ),
    )
    return failed or back_to_session(item.session_id, f"item-{item.pk}")


def amendable_states(request: HttpRequest, session: Session) -> Any:
    """The participating states the user may propose amendments for (their own, for a liaison officer)."""
    states = participant_states(session)
    codes = [state.code for state in states if may_add(request.user, Amendment, state.code)]
    return states.filter(code__in=codes)


@login_required
def amendment_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose an amendment to the draft minutes of a session."""
    session = visible_or_404(request, Session.objects.all(), pk)
    minutes = Minutes.objects.restrict(request.user).filter(session=session).first()
    if minutes is None:
        return refused(request, _("this session has no minutes to amend yet"))
    states = amendable_states(request, session)
    if not states.exists():
        return refused(
            request, _("you may not propose amendments for any state that took part in this session")
        )
    form = AmendmentForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            propose_amendment(
                minutes,
                data["state"],
                data["text"],
                timezone.localdate(),
                replaces=data["replaces"],
                actor=Actor.for_user(request.user),
            )
        except PermissionDenied as error:
            return refused(request, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return back_to_session(session.pk, "minutes")
    return render(
        request, "decisions/amendment_form.html", {"form": form, "session": session, "minutes": minutes}
    )


@login_required
@require_POST
def amendment_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Work an amendment into the minutes: a new version of their text."""
    amendment = visible_or_404(request, Amendment.objects.select_related("minutes"), pk)
    failed = run_write(
        request,
        lambda: accept_amendment(amendment, on=timezone.localdate(), actor=Actor.for_user(request.user)),
    )
    return failed or back_to_session(amendment.minutes.session_id, "minutes")


@login_required
@require_POST
def amendment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject an amendment; the minutes keep their text."""
    amendment = visible_or_404(request, Amendment.objects.select_related("minutes"), pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    failed = run_write(
        request, lambda: reject_amendment(amendment, reason=reason, actor=Actor.for_user(request.user))
    )
    return failed or back_to_session(amendment.minutes.session_id, "minutes")


@login_required
@require_POST
def session_source(request: HttpRequest, pk: int) -> HttpResponse:
    """Cite a source for the session or one of its agenda items."""
    session = visible_or_404(request, Session.objects.all(), pk)
    form = SourceForm(request.POST, session=session, user=request.user)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back_to_session(session.pk)
    record = form.cleaned_data["item"] or session
    failed = run_write(
        request, lambda: add_source(record, form.cleaned_data["source"], actor=Actor.for_user(request.user))
    )
    return failed or back_to_session(session.pk)


@login_required
@require_POST
def session_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a document to the session (and make it an agenda item's decision, if one is chosen)."""
    session = visible_or_404(request, Session.objects.all(), pk)
    form = LinkForm(request.POST, session=session, user=request.user)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return back_to_session(session.pk)
    data = form.cleaned_data
    failed = run_write(
        request,
        lambda: link_document(
            data["document"], session, item=data["item"], actor=Actor.for_user(request.user)
        ),
    )
    return failed or back_to_session(session.pk, "documents")


@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a measure to a program (those who may change the program)."""
    program = visible_or_404(request, Document.objects.all(), pk)
    form = MeasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_measure(
                program,
                data["number"],
                form.values(),
                states=list(data["states"]),
                bodies=list(data["bodies"]),
                actor=Actor.for_user(request.user),
            )
        except PermissionDenied as error:
            return refused(request, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:document-detail", pk=program.pk)
    return render(request, "decisions/measure_form.html", {"form": form, "program": program})


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a measure: text, who is responsible, its dates (and so its status)."""
    measure = visible_or_404(request, Measure.objects.select_related("program"), pk)
    initial = {
        "number": measure.number,
        "states": list(measure.responsible_states.all()),
        "bodies": list(measure.responsible_bodies.all()),
        **{
            name: getattr(measure, name)
            for name in ("text_en", "text_ru", "starts_on", "deadline", "done_on", "dropped_on")
        },
    }
    form = MeasureForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_measure(
                measure,
                form.values(),
                states=list(data["states"]),
                bodies=list(data["bodies"]),
                reason=data["reason"],
                actor=Actor.for_user(request.user),
            )
        except PermissionDenied as error:
            return refused(request, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:document-detail", pk=measure.program_id)
    return render(
        request, "decisions/measure_form.html", {"form": form, "program": measure.program, "measure": measure}
    )


def reporting_states(request: HttpRequest, measure: Measure) -> Any:
    """The states the user may report for on this measure: its responsible states they may write for."""
    states = measure.responsible_states.order_by("name_en")
    codes = [state.code for state in states if may_add(request.user, ProgressReport, state.code)]
    return states.filter(code__in=codes)


@login_required
def measure_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress on a measure (a liaison officer for their own state)."""
    measure = visible_or_404(request, Measure.objects.select_related("program"), pk)
    states = reporting_states(request, measure)
    if not states.exists() and not may_add(request.user, ProgressReport, None):
        return refused(request, _("you may not report progress on this measure"))
    form = ProgressForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_progress(
                measure,
                data["date"],
                data["text"],
                state=data["state"],
                done=data["done"],
                actor=Actor.for_user(request.user),
            )
        except PermissionDenied as error:
            return refused(request, error)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:document-detail", pk=measure.program_id)
    reports = measure.reports.select_related("state").order_by("-date")
    return render(
        request,
        "decisions/progress_form.html",
        {"form": form, "measure": measure, "program": measure.program, "reports": reports},
    )
