"""The home page: today's chair, the Secretary General, the members, pending instruments."""

from __future__ import annotations

from django.apps import apps
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.presenters import reasons_text
from accord.core.models import ChangeRecord

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
        },
    )


HISTORY_APPS = {"charter", "core", "decisions", "crisis"}
CHANGES_PER_PAGE = 50


def object_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    """Who changed what and when, for one object the user may see (404 otherwise)."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(_("No such kind of record.")) from None
    if model._meta.app_label not in HISTORY_APPS:
        raise Http404(_("No such kind of record."))
    instance = model.objects.restrict(request.user).filter(pk=pk).first()
    if instance is None:
        raise Http404(_("No such record."))
    changes = ChangeRecord.objects.restrict(request.user).filter(
        object_type=model._meta.label_lower, object_id=str(instance.pk)
    )
    page = Paginator(changes.order_by("-id"), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"change": change, "fields": changed_fields(change)} for change in page.object_list]
    return render(
        request, "web/history.html", {"instance": instance, "page": page, "rows": rows, "querystring": ""}
    )


def changed_fields(change: ChangeRecord) -> list[tuple[str, object, object]]:
    """The fields whose values differ between before and after."""
    before, after = change.before or {}, change.after or {}
    return [
        (name, before.get(name), after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
