"""The home page; the history of changes of one record (and deleting it); the auditors' log of reads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.accounts.policy import is_auditor
from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.presenters import reasons_text
from accord.core.access import Action, is_audit_trail, is_restricted, may
from accord.core.audit import Actor, log_read
from accord.core.deletion import delete_fact, owning_files
from accord.core.errors import ServiceError
from accord.core.models import ChangeRecord, ReadRecord
from accord.core.references import mask_changed_fields
from accord.web.state_notice import own_state_notice

SECRETARY_GENERAL = "secretary-general"


def since_text(span: rules.StatusSpan) -> str:
    """The start of a status as precisely as it is known."""
    if span.start is None:
        return ""
    return str(span.start.year) if span.start_precision == "year" else span.start.isoformat()


def home(request: HttpRequest) -> HttpResponse:
    """What a visitor needs first: who chairs, who leads the Secretariat, who is in, what is pending."""
    today = timezone.localdate()
    language = translation.get_language() or "en"
    organization = charter.Organization.objects.restrict(request.user).first()
    facts = load_facts(request.user)
    chair = rules.chair_for_year(facts, today.year)
    secretary = rules.post_holder_on(facts, SECRETARY_GENERAL, today)
    holder = secretary.value or {}
    statuses = [
        {
            "code": span.state,
            "name": facts.name(span.state).in_language(language),
            "status": span.status,
            "label": charter.Status(span.status).label,
            "since": since_text(span),
        }
        for span in sorted(facts.statuses, key=lambda span: facts.name(span.state).in_language(language))
        if span.covers(today)
    ]
    pending = [
        {
            "key": instrument.key,
            "title": instrument.title.in_language(language),
            "missing": answer.value["missing"],
            "unknown": answer.value["unknown"],
        }
        for instrument, answer in rules.pending_instruments(facts, today)
    ]
    return render(
        request,
        "web/home.html",
        {
            "organization": organization,
            "today": today,
            "chair": chair,
            "chair_reasons": reasons_text(chair),
            "chair_name": facts.name(chair.value).in_language(language) if chair.value else "",
            "secretary": secretary,
            "secretary_reasons": reasons_text(secretary),
            "secretary_state": facts.name(holder["state"]).in_language(language) if holder else "",
            "secretary_person": (
                holder.get("person_ru")
                if language == "ru" and holder.get("person_ru")
                else holder.get("person")
            )
            if holder
            else "",
            "statuses": statuses,
            "pending": pending,
            "own_state": own_state_notice(request.user, today),
        },
    )


CHANGES_PER_PAGE = 50
READS_PER_PAGE = 100


def history_model(label: str) -> type[models.Model]:
    """The kind of record whose history is asked for; 404 for anything that has no history page.

    Every model read through ``restrict()`` has one, in any app, except the audit trail itself (the
    change records and the read log describe other records; their pages are the admin's change
    records and the auditors' read log).
    """
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(_("No such kind of record.")) from None
    if not is_restricted(model) or is_audit_trail(model):
        raise Http404(_("No such kind of record."))
    return model


def history_key(model: type[models.Model], pk: str) -> Any:
    """The primary key as the model stores it; 404 for ``abc`` or a number out of range."""
    try:
        return model._meta.pk.clean(pk, None)
    except ValidationError:
        raise Http404(_("No such record.")) from None


def object_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Who changed what and when, for one object the user may see (404 otherwise).

    A deleted object keeps its history, shown to those its last snapshot's labels allow.
    """
    model = history_model(label)
    key = history_key(model, pk)
    instance = model._default_manager.restrict(request.user).filter(pk=key).first()
    changes = ChangeRecord.objects.restrict(request.user).filter(
        object_type=model._meta.label_lower, object_id=str(key)
    )
    last = changes.order_by("-id").first()
    if instance is None and (last is None or not model_deleted(model, key)):
        raise Http404(_("No such record."))
    if instance is not None:
        # The history shows every value the record has held: reading it is reading the record.
        log_read(request.user, instance, "history")
    page = Paginator(changes.order_by("-id"), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    changes_shown = list(page.object_list)
    fields = mask_changed_fields(request.user, model, [changed_fields(change) for change in changes_shown])
    rows = [{"change": change, "fields": shown} for change, shown in zip(changes_shown, fields, strict=True)]
    return render(
        request,
        "web/history.html",
        {
            "instance": instance if instance is not None else last.object_repr,
            "deleted": instance is None,
            "deletion": deletion_offer(request.user, instance),
            "label": model._meta.label_lower,
            "pk": str(key),
            "page": page,
            "rows": rows,
            "querystring": "",
        },
    )


def deletion_offer(user: Any, instance: models.Model | None) -> dict[str, Any] | None:
    """Whether the page offers to delete the record, and if a data file owns it, which one
    (then the page says to remove it from the file instead): None when the user may not.
    """
    if instance is None or not getattr(user, "is_authenticated", False):
        return None
    if not may(user, instance, Action.DELETE):
        return None
    files = sorted({row.path.rsplit("/", 1)[-1] or row.file for row in owning_files(instance)})
    return {"files": files}


@login_required
@require_POST
def delete_record(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Delete the record shown on its history page, with the reason the user gave."""
    model = history_model(label)
    key = history_key(model, pk)
    instance = model._default_manager.restrict(request.user).filter(pk=key).first()
    if instance is None:
        raise Http404(_("No such record."))
    shown = str(instance)
    try:
        delete_fact(Actor.for_user(request.user), instance, request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("Deleted: %(record)s.") % {"record": shown})
    return redirect("web:history", label=model._meta.label_lower, pk=str(key))


def model_deleted(model: type[models.Model], key: Any) -> bool:
    """Whether the object is gone (as opposed to there, but hidden from this user)."""
    return not model._default_manager.filter(pk=key).exists()


def changed_fields(change: ChangeRecord) -> list[tuple[str, object, object]]:
    """The fields whose values differ between before and after."""
    before, after = change.before or {}, change.after or {}
    return [
        (name, before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


def read_log(request: HttpRequest) -> HttpResponse:
    """Who read which CONFIDENTIAL or SECRET record, when and how: for auditors, and only them."""
    if not is_auditor(request.user):
        raise PermissionDenied(_("The log of reads is for auditors."))
    reads = ReadRecord.objects.restrict(request.user)
    filters = {
        "actor_name": request.GET.get("user", "").strip(),
        "object_type": request.GET.get("type", "").strip(),
        "object_id": request.GET.get("object", "").strip(),
    }
    reads = reads.filter(**{name: value for name, value in filters.items() if value})
    page = Paginator(reads.order_by("-at", "-id"), READS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/read_log.html",
        {
            "page": page,
            "filters": filters,
            "querystring": urlencode(
                {key: request.GET[key] for key in ("user", "type", "object") if key in request.GET}
            ),
        },
    )
