"""Importing a file from ``/crisis/``: the upload, and the run's page where a worker's progress shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from accord.core.access import may_add
from accord.core.audit import Actor
from accord.core.ingest import file_sha256
from accord.core.jobs import live_progress, progress_percent
from accord.core.models import Run
from accord.crisis.jobs import import_file
from accord.crisis.models import Event
from accord.crisis.uploads import ImportFileForm, store_upload

# A run's status as its page says it (the model's labels serve lists and the admin).
STATUS_LABELS = {
    Run.Status.QUEUED: pgettext_lazy("run status", "queued"),
    Run.Status.RUNNING: pgettext_lazy("run status", "running"),
    Run.Status.COMPLETE: pgettext_lazy("run status", "complete"),
    Run.Status.PARTIAL: pgettext_lazy("run status", "good rows only"),
    Run.Status.REFUSED: pgettext_lazy("run status", "refused"),
    Run.Status.FAILED: pgettext_lazy("run status", "failed"),
}


@login_required
@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    """Store the file and queue its import, then follow the run; a refused file is shown with its field."""
    if not may_add(request.user, Event):
        raise PermissionDenied
    form = ImportFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "crisis/import_form_page.html", {"import_form": form}, status=400)
    data = form.cleaned_data
    stored = store_upload(data["file"], data["kind"])
    run = import_file.submit(
        Actor.for_user(request.user),
        subject=data["file"].name,
        sha256=file_sha256(stored),
        path=str(stored),
        kind=data["kind"],
        mapping=data["mapping"] if data["kind"] == "mapped" else "",
        keep_good=data["keep_good"],
    )
    return redirect("crisis:run", pk=run.pk)


def visible_run(request: HttpRequest, pk: int) -> Run:
    """The run, if this user may follow it (whoever started it, and administrators)."""
    run = Run.objects.restrict(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def run_context(run: Run) -> dict:
    done, total = live_progress(run)
    problems = [message for message in run.messages if message.get("code") == "problem"]
    notes = [message for message in run.messages if message.get("code") != "problem"]
    return {
        "run": run,
        "status": STATUS_LABELS.get(run.status, run.status),
        "done": done,
        "total": total,
        "percent": progress_percent(done, total),
        "problems": problems,
        "notes": notes,
    }


def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A run: its progress while a worker runs it (the fragment below, polled), then its result."""
    return render(request, "crisis/run.html", run_context(visible_run(request, pk)))


def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress or result alone, polled by its page every second until the run ends."""
    return render(request, "crisis/run_progress.html", run_context(visible_run(request, pk)))
