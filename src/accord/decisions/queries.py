"""Reading documents: search, filter and sort, always through ``restrict``."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar, Event

from accord.charter.models import Body
from accord.core.answers import reason_from_data
from accord.core.models import ChangeRecord
from accord.core.references import References, api_value
from accord.core.validation import search_terms
from accord.decisions.models import (
    AgendaItem,
    Document,
    Measure,
    Position,
    Session,
    StatementLevel,
    StatementTally,
)

SORTS = {"-date": ("-date", "-id"), "date": ("date", "id"), "title_en": ("title_en", "id")}


def visible_documents(user: Any, query: str = "", kind: str = "", sort: str = "-date") -> QuerySet:
    """Documents the user may see, matching the search words (in either language) and the kind."""
    documents = Document.objects.restrict(user, "view").select_related("body", "state")
    for word in search_terms(query):
        documents = documents.filter(
            Q(title_en__icontains=word) | Q(title_ru__icontains=word) | Q(text__icontains=word)
        )
    if kind:
        documents = documents.filter(kind=kind)
    return documents.order_by(*SORTS.get(sort, SORTS["-date"]))


def document_rows(documents: Iterable[Document], references: References) -> list[dict[str, Any]]:
    """Documents as exported and listed, the sessions they were adopted at checked in one query."""
    documents = list(documents)
    references.from_each(documents, "session")
    return [document_row(document, references) for document in documents]


def document_row(document: Document, references: References) -> dict[str, Any]:
    """One document as exported (CSV and JSON) and listed by the API."""
    return {
        "id": document.pk,
        "kind": document.kind,
        "title_en": document.title_en,
        "title_ru": document.title_ru,
        "body": document.body.key if document.body else None,
        "state": document.state.code if document.state else None,
        "date": document.date_shown,
        "classification": document.get_classification_display(),
        "releasability": document.releasability,
        "release_to": document.release_to_codes,
        "session": api_value(references.from_record(document, "session")),
    }


def visible_sessions(
    user: Any, body: str = "", start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet:
    """Sessions the user may see, of one body and between two dates if asked."""
    sessions = Session.objects.restrict(user, "view").select_related("body", "chair_state")
    if body:
        bodies = Body.objects.restrict(user, "view")
        if not bodies.filter(key=body).exists():
            known = ", ".join(bodies.order_by("key").values_list("key", flat=True))
            raise ValueError(f"unknown body {body!r}: expected one of {known}")
        sessions = sessions.filter(body__key=body)
    if start:
        sessions = sessions.filter(date__gte=start)
    if end:
        sessions = sessions.filter(date__lte=end)
    return sessions.annotate(
        item_count=Count("agenda", distinct=True),
        adopted_count=Count("agenda", filter=Q(agenda__outcome="adopted"), distinct=True),
    ).order_by("-date", "-id")


def session_row(session: Session) -> dict[str, Any]:
    """A session as the CLI and the API list it."""
    return {
        "id": session.pk,
        "key": session.key,
        "body": session.body.key,
        "body_name": session.body.name,
        "title": session.title,
        "date": session.date_shown,
        "format": session.format,
        "kind": session.kind,
        "place": session.place,
        "chair_state": session.chair_state.code if session.chair_state else None,
        "items": getattr(session, "item_count", session.agenda.count()),
        "adopted": getattr(session, "adopted_count", session.agenda.filter(outcome="adopted").count()),
        "classification": session.get_classification_display(),
        "sources": session.source_keys,
    }


def rendered_reasons(data: list[dict]) -> list[str]:
    """Stored reasons rendered in the active language."""
    language = translation.get_language() or "en"
    return [reason_from_data(item).render(gettext, language) for item in data]


def agenda_item_payload(item: AgendaItem, references: References) -> dict[str, Any]:
    """An agenda item's decision: outcome, positions, reasons, and the decision document if visible."""
    session = item.session
    return {
        "id": item.pk,
        "number": item.number,
        "title": item.title,
        "title_en": item.title_en,
        "title_ru": item.title_ru,
        "outcome": item.outcome,
        "outcome_label": str(item.get_outcome_display()),
        "note": item.outcome_note,
        "session": {
            "id": session.pk,
            "date": session.date_shown,
            "body": session.body.key,
            "rule": session.body.decision_rule,
        },
        "positions": positions_with_history(item, references.user),
        "missing": missing_states(item),
        "decision": api_value(references.from_record(item, "decision")),
        "reasons": rendered_reasons(item.outcome_reasons),
        "sources": item.source_keys,
    }


def missing_states(item: AgendaItem) -> list[str]:
    """Members taking part as members whose position on the item is not recorded yet."""
    if item.outcome != AgendaItem.Outcome.PENDING:
        return []
    recorded = item.positions.values("state_id")
    return list(
        item.session.participants.filter(capacity="member")
        .exclude(state_id__in=recorded)
        .order_by("state__code")
        .values_list("state__code", flat=True)
    )


def positions_with_history(item: AgendaItem, user: Any) -> list[dict[str, Any]]:
    """Each position, with the earlier positions it corrected (from the change record, as far as the
    reader may see it): a corrected position never silently replaces the one before."""
    positions = list(item.positions.select_related("state").order_by("state__code"))
    earlier = earlier_positions(user, [position.pk for position in positions])
    labels = dict(Position.Kind.choices)
    return [
        {
            "state": position.state.code,
            "position": position.position,
            "position_label": str(position.get_position_display()),
            "remark": position.remark,
            "earlier": [
                {**row, "position_label": str(labels.get(row["position"], row["position"]))}
                for row in earlier.get(str(position.pk), [])
            ],
        }
        for position in positions
    ]


def earlier_positions(user: Any, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The values positions held before each correction, newest first, by position id."""
    if not ids:
        return {}
    changes = (
        ChangeRecord.objects.restrict(user)
        .filter(
            object_type="decisions.position",
            object_id__in=[str(pk) for pk in ids],
            action=ChangeRecord.Action.UPDATE,
        )
        .order_by("-id")
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        before = change.before or {}
        found.setdefault(change.object_id, []).append(
            {
                "position": before.get("position", ""),
                "remark": before.get("remark", ""),
                "until": change.at.date().isoformat(),
                "corrected_by": change.actor_name,
                "reason": change.reason,
            }
        )
    return found


def measure_rows_for(user: Any, program: Document, on: datetime.date) -> list[dict[str, Any]]:
    """The measures of one program with their status on a date."""
    return measure_rows(user, on, program=program)


def measure_rows(
    user: Any, on: datetime.date, overdue_only: bool = False, program: Document | None = None
) -> list[dict[str, Any]]:
    """Measures the user may see with their status on a date."""
    from accord.decisions.services import measure_status

    measures = (
        Measure.objects.restrict(user, "view")
        .select_related("program")
        .prefetch_related("responsible_states", "responsible_bodies", "reports")
    )
    if program is not None:
        measures = measures.filter(program=program)
    rows = []
    for measure in measures:
        answer = measure_status(measure, on)
        if overdue_only and answer.value != "overdue":
            continue
        rows.append(
            {
                "id": measure.pk,
                "program": measure.program.key or str(measure.program.pk),
                "program_title": measure.program.title,
                "number": measure.number,
                "text": measure.text,
                "status": answer.value,
                "status_label": str(Measure.Status(answer.value).label),
                "deadline": measure.deadline.isoformat() if measure.deadline else None,
                "states": [state.code for state in measure.responsible_states.all()],
                "bodies": [body.key for body in measure.responsible_bodies.all()],
                "reasons": [
                    reason.render(gettext, translation.get_language() or "en") for reason in answer.reasons
                ],
                "sources": measure.source_keys,
            }
        )
    return rows


def progress_by_state(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each responsible state: how many of its measures stand at each status."""
    table: dict[str, Counter] = {}
    for row in rows:
        for code in row["states"] or ["—"]:
            table.setdefault(code, Counter())[row["status"]] += 1
    return [
        {
            "state": code,
            **{status.replace("-", "_"): counts[status] for status in MEASURE_STATUSES},
            "total": sum(counts.values()),
        }
        for code, counts in sorted(table.items())
    ]


MEASURE_STATUSES = ("planned", "under-way", "done", "overdue", "dropped")


def statement_counts(user: Any) -> list[dict[str, Any]]:
    """Statements per year and level: those recorded one by one, and the yearly numbers reported."""
    per_year: dict[int, Counter] = {}
    statements = Document.objects.restrict(user, "view").filter(kind=Document.Kind.STATEMENT)
    for document in statements:
        per_year.setdefault(document.date.year, Counter())[document.statement_level or "other"] += 1
    tallies = {tally.year: tally for tally in StatementTally.objects.restrict(user, "view")}
    years = sorted(set(per_year) | set(tallies))
    return [
        {
            "year": year,
            "recorded": sum(per_year.get(year, Counter()).values()),
            "by_level": dict(per_year.get(year, Counter())),
            "by_level_named": [
                {"level": level, "label": level_label(level), "count": count}
                for level, count in sorted(per_year.get(year, Counter()).items())
            ],
            "reported": tallies[year].count if year in tallies else None,
            "reported_levels": tallies[year].levels if year in tallies else [],
            "reported_level_labels": [level_label(level) for level in tallies[year].levels]
            if year in tallies
            else [],
            "sources": tallies[year].source_keys if year in tallies else [],
        }
        for year in years
    ]


def level_label(key: str) -> str:
    """A statement level's name in the active language, never its raw key."""
    if key in StatementLevel.values:
        return str(StatementLevel(key).label)
    return gettext("other level")


def upcoming_sessions(user: Any, today: datetime.date) -> QuerySet:
    """Sessions from today on, soonest first."""
    return (
        Session.objects.restrict(user, "view")
        .filter(date__gte=today)
        .select_related("body")
        .order_by("date", "id")
    )


def calendar_ics(sessions: Iterable[Session], host: str) -> bytes:
    """An iCalendar file of sessions (day-precise ones only; an event needs a day)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Accord//Sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Accord sessions")
    for session in sessions:
        if session.date_precision != "day":
            continue
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("summary", session.title)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + datetime.timedelta(days=1))
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        location = session.place or str(session.get_format_display())
        event.add("location", location)
        event.add("description", f"{session.body.name_en} — {session.get_kind_display()}")
        calendar.add_component(event)
    return calendar.to_ical()
