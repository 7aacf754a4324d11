"""Pages of media sources: the list, a source's page (its recent fetches and items, the failed ones
with their errors, "fetch now" and "upload files" for those who keep it), and its form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.access import SYSTEM_USER, may, may_add
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.core.errors import ServiceError
from accord.core.models import Run
from accord.monitoring import sources_services, uploads
from accord.monitoring.jobs_fetch import FETCHED_KINDS, queue_fetch, take_in_uploads_job
from accord.monitoring.models import Item, Source
from accord.monitoring.presenters_intake import visible_run

RECENT = 20
MAX_UPLOAD_FILES = 50


class SourceForm(forms.Form):
    """A source: key (on creation), name, kind, address, language, reliability, schedule, labels."""

    key = forms.SlugField(label=gettext_lazy("Key"), max_length=80)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Source.Kind.choices)
    address = forms.CharField(
        label=gettext_lazy("Address or folder"),
        max_length=500,
        required=False,
        help_text=gettext_lazy(
            "A feed's address (http, https or file), or a path inside the monitoring folders."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[
            ("", gettext_lazy("identify item by item")),
            ("en", gettext_lazy("English")),
            ("ru", gettext_lazy("Russian")),
        ],
    )
    reliability = forms.ChoiceField(
        label=gettext_lazy("Reliability"), choices=Source.Reliability.choices, initial=Source.Reliability.F
    )
    every_minutes = forms.IntegerField(
        label=gettext_lazy("Fetch every (minutes)"),
        min_value=0,
        max_value=sources_services.MAX_EVERY_MINUTES,
        initial=0,
        required=False,
        help_text=gettext_lazy("0: only when asked."),
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea, max_length=4000)
    classification = forms.TypedChoiceField(
        label=gettext_lazy("Classification"),
        coerce=int,
        choices=Classification.choices,
        initial=Classification.RESTRICTED,
    )
    releasability = forms.ChoiceField(
        label=gettext_lazy("Releasable to"), choices=Releasability.choices, initial=Releasability.MEMBERS_ONLY
    )
    release_to = forms.CharField(
        label=gettext_lazy("Named states"),
        max_length=400,
        required=False,
        help_text=gettext_lazy("Codes separated by commas, when released to named states."),
    )


def visible_source(request: HttpRequest, key: str) -> Source:
    found = Source.objects.restrict(request.user).select_related("last_run").filter(key=key).first()
    if found is None:
        raise Http404(_("No such source."))
    return found


def may_keep(user: Any, source: Source | None = None) -> bool:
    """Whether the user keeps sources (this one, when given)."""
    if not user.is_authenticated:
        return False
    return may(user, source, "change") if source is not None else may_add(user, Source)


def source_list(request: HttpRequest) -> HttpResponse:
    """The sources the user may see, each with when it was last fetched; the fetch's outcome to those
    who may see that run (whoever started it, administrators)."""
    sources = list(Source.objects.restrict(request.user).select_related("last_run").order_by("name", "id"))
    for source in sources:
        source.shown_run = visible_run(request.user, source.last_run_id)
    return render(
        request,
        "monitoring/sources_list.html",
        {"sources": sources, "may_create": may_keep(request.user)},
    )


def save_form(request: HttpRequest, form: SourceForm, source: Source | None) -> Source | None:
    """Create or change the source as the form says; a refusal goes beside its field."""
    actor = Actor.for_user(request.user)
    values = dict(form.cleaned_data)
    try:
        if source is None:
            return sources_services.create_source(values, actor=actor, reason="sources page")
        values.pop("key", None)
        sources_services.update_source(source, values, actor=actor, reason="sources page")
        return source
    except (ServiceError, PermissionDenied) as error:
        field = getattr(error, "field", None)
        reason = getattr(error, "reason", None) or str(error)
        form.add_error(field if field in form.fields else None, reason)
        return None


@login_required
def source_new(request: HttpRequest) -> HttpResponse:
    """The form for a new source, for the CRC."""
    if not may_keep(request.user):
        raise PermissionDenied
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = save_form(request, form, None)
        if source is not None:
            messages.success(request, _("The source is created."))
            return redirect("monitoring:source-detail", key=source.key)
    return render(request, "monitoring/sources_form.html", {"form": form, "source": None})


def initial_of(source: Source) -> dict[str, Any]:
    return {name: getattr(source, name) for name in SourceForm.base_fields if name != "release_to"} | {
        "release_to": ",".join(source.release_to_codes)
    }


@login_required
def source_edit(request: HttpRequest, key: str) -> HttpResponse:
    """The form of a source, for those who keep it (its key stays)."""
    source = visible_source(request, key)
    if not may_keep(request.user, source):
        raise PermissionDenied
    form = SourceForm(request.POST or None, initial=initial_of(source))
    form.fields["key"].disabled = True
    if request.method == "POST" and form.is_valid() and save_form(request, form, source) is not None:
        messages.success(request, _("The source is saved."))
        return redirect("monitoring:source-detail", key=source.key)
    return render(request, "monitoring/sources_form.html", {"form": form, "source": source})


def recent_runs(user: Any, source: Source) -> list[Run]:
    """The source's recent fetches and uploads that the user may see (their starters, administrators)."""
    ids = (
        Item.objects.restrict(SYSTEM_USER)
        .filter(source=source, run__isnull=False)
        .values_list("run_id", flat=True)
        .distinct()
    )
    found = Run.objects.restrict(user).filter(pk__in=[*list(ids)[:200], source.last_run_id])
    return list(found.order_by("-started_at", "-id")[:10])


def source_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A source: details, recent fetches, recent items, the failed ones with their errors, actions."""
    source = visible_source(request, key)
    items = Item.objects.restrict(request.user).filter(source=source)
    keeper = may_keep(request.user, source)
    context = {
        "source": source,
        "runs": recent_runs(request.user, source),
        "items": items.order_by("-received_at", "-id")[:RECENT],
        "failed": items.filter(status=Item.Status.FAILED).order_by("-received_at", "-id")[:RECENT],
        "counts": {status: items.filter(status=status).count() for status in Item.Status.values},
        "may_change": keeper,
        "may_fetch": keeper and source.kind in FETCHED_KINDS,
        "may_upload": keeper,  # files given by hand suit every kind of source
    }
    return render(request, "monitoring/sources_detail.html", context)


@login_required
@require_POST
def source_fetch(request: HttpRequest, key: str) -> HttpResponse:
    """Queue a fetch of the source now and follow its run."""
    source = visible_source(request, key)
    if not may_keep(request.user, source) or source.kind not in FETCHED_KINDS:
        raise PermissionDenied
    run = queue_fetch(source, Actor.for_user(request.user))
    return redirect("crisis:run", pk=run.pk)


@login_required
@require_POST
def source_upload(request: HttpRequest, key: str) -> HttpResponse:
    """Store the uploaded files, queue their intake (one item each) and follow the run."""
    source = visible_source(request, key)
    if not may_keep(request.user, source):
        raise PermissionDenied
    files = request.FILES.getlist("files")
    if not files or len(files) > MAX_UPLOAD_FILES:
        messages.error(request, _("Choose from 1 to %(most)d files to upload.") % {"most": MAX_UPLOAD_FILES})
        return redirect("monitoring:source-detail", key=source.key)
    folder, described = uploads.store_uploads(files)
    run = take_in_uploads_job.submit(
        Actor.for_user(request.user),
        subject=f"{source.key}: {len(described)}",
        total=len(described),
        source_id=source.pk,
        folder=folder,
        files=described,
    )
    return redirect("crisis:run", pk=run.pk)
