"""Read-side helpers shared by the pages and the API: every query goes through ``restrict``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.rules import CharterFacts
from accord.core.answers import Answer
from accord.core.validation import EARLIEST_YEAR, LATEST_YEAR, search_terms


@dataclass(frozen=True)
class StateRow:
    """One line of the states list."""

    state: charter.State
    status: str | None

    @property
    def label(self) -> str:
        """The status in the active language."""
        return str(charter.Status(self.status).label) if self.status else ""


def visible_states(
    user: Any,
    query: str = "",
    status: str = "",
    on: datetime.date | None = None,
    facts: CharterFacts | None = None,
) -> list[StateRow]:
    """States the user may see, filtered by text and by status on a date, sorted by English name."""
    facts = facts or load_facts(user)
    on = on or datetime.date.today()
    states: QuerySet = charter.State.objects.restrict(user).order_by("name_en")
    if search_terms(query):
        states = states.filter(
            Q(code__iexact=query) | Q(name_en__icontains=query) | Q(name_ru__icontains=query)
        )
    rows = []
    for state in states:
        span = rules.status_span_on(facts, state.code, on)
        current = span.status if span else None
        if status == "any" and current is None:
            continue
        if status and status != "any" and current != status:
            continue
        rows.append(StateRow(state, current))
    return rows


def status_history(user: Any, state: charter.State) -> QuerySet:
    """A state's statuses over time, oldest first (an unrecorded start is the oldest)."""
    statuses = charter.StateStatus.objects.restrict(user).filter(state=state)
    return statuses.order_by(F("valid_from").asc(nulls_first=True))


def rights_for(user: Any, status: str | None) -> QuerySet:
    """The rights a status gives."""
    if status is None:
        return charter.StatusRight.objects.none()
    return charter.StatusRight.objects.restrict(user).filter(status=status)


def chair_years(facts: CharterFacts, first: int, last: int) -> list[tuple[int, Answer]]:
    """Chairs for a range of years, recorded or projected."""
    return [(year, rules.chair_for_year(facts, year)) for year in range(first, last + 1)]


def default_chair_range(facts: CharterFacts, today: datetime.date) -> tuple[int, int]:
    """From the first recorded chair to three years past today, within the years Accord keeps."""
    first = min(facts.chairs) if facts.chairs else today.year
    last = max(today.year + 3, max(facts.chairs) if facts.chairs else today.year)
    return max(first, EARLIEST_YEAR), min(last, LATEST_YEAR)
