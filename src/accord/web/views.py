"""The home page: today's chair, the Secretary General, the members, pending instruments."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.presenters import reasons_text

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
