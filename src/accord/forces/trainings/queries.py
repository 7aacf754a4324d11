"""Reading trainings: a year's plan versus what happened, the plan as it stood on a date, totals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language

from accord.charter.models import State
from accord.forces.models import ChangeKind, Training, TrainingChange, TrainingStatus, TrainingYear
from accord.forces.models.trainings import dates_shown


def visible_trainings(user: Any) -> QuerySet:
    """The trainings a user may see, with what the pages show of each."""
    return (
        Training.objects.restrict(user)
        .select_related("series", "host", "within")
        .prefetch_related(
            Prefetch("changes", queryset=TrainingChange.objects.order_by("effective", "id")), "phases"
        )
    )


def year_trainings(user: Any, year: int) -> list[Training]:
    return list(visible_trainings(user).filter(year=year).order_by("planned_start", "name_en"))


def plan_on(training: Training, day: datetime.date) -> dict[str, Any] | None:
    """The plan of a training as it stood on ``day``: the snapshot of the last change decided by
    then, or None when the training was not yet on the plan."""
    found = None
    for change in training.changes.all():
        if change.effective <= day:
            found = change.plan
    return found


def plan_text(plan: dict[str, Any] | None) -> str:
    """A plan snapshot as a reader says it, in the active language: status, dates, host, place."""
    if not plan:
        return ""
    status = plan.get("status") or ""
    parts = [str(TrainingStatus(status).label) if status in TrainingStatus.values else status]
    start, end = (day_of(plan.get(name)) for name in ("planned_start", "planned_end"))
    parts.append(dates_shown(start, end, plan.get("planned_precision") or "day") or "—")
    host = State.objects.filter(code=plan.get("host")).first() if plan.get("host") else None
    russian = (get_language() or "en").startswith("ru")
    place = plan.get("place_ru") if russian and plan.get("place_ru") else plan.get("place_en")
    parts.append(", ".join(part for part in (host.name if host else "", place or "") if part) or "—")
    return "; ".join(parts)


def day_of(text: Any) -> datetime.date | None:
    """A snapshot's ISO date back as a date (None when absent or unreadable)."""
    try:
        return datetime.date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


@dataclass
class YearTotals:
    """How a year went: trainings planned, held, postponed, cancelled, people who took part."""

    year: int
    planned: int = 0
    held: int = 0
    postponed: int = 0
    cancelled: int = 0
    relocated: int = 0
    at_risk: int = 0
    personnel: int = 0
    personnel_about: bool = False
    announced_count: int | None = None  # what the sources say was planned in all
    sources: list[str] = field(default_factory=list)
    year_record: TrainingYear | None = None


def totals(user: Any, year: int, trainings: list[Training] | None = None) -> YearTotals:
    """The year's figures from the trainings a user sees, and the year's own figures from the sources."""
    trainings = year_trainings(user, year) if trainings is None else trainings
    found = YearTotals(year)
    for training in trainings:
        kinds = {change.kind for change in training.changes.all()}
        found.planned += 1
        found.held += training.status == TrainingStatus.HELD
        found.cancelled += training.status == TrainingStatus.CANCELLED
        found.postponed += ChangeKind.POSTPONED in kinds
        found.relocated += ChangeKind.RELOCATED in kinds
        found.at_risk += ChangeKind.AT_RISK in kinds and ChangeKind.POSTPONED not in kinds
        if training.personnel:
            found.personnel += training.personnel
            found.personnel_about |= training.personnel_about
            found.sources += training.source_keys
    record = TrainingYear.objects.restrict(user).filter(year=year).first()
    if record:
        found.year_record = record
        found.announced_count = record.planned_count
        if record.personnel and not found.personnel:
            found.personnel, found.personnel_about = record.personnel, record.personnel_about
        found.sources += record.source_keys
    found.sources = list(dict.fromkeys(found.sources))
    return found


def years_with_trainings(user: Any) -> list[int]:
    years = set(Training.objects.restrict(user).values_list("year", flat=True))
    years |= set(TrainingYear.objects.restrict(user).values_list("year", flat=True))
    return sorted(years)
