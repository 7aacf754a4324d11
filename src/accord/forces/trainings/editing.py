"""Correcting a training's plan: its names, place, planned dates, series, formations and labels.

An edit is a change of the training's life like a postponement: it says why, it is recorded as an
``edited`` :class:`TrainingChange` holding the plan after it (so "the plan as it stood on a date"
stays right), and the audit trail keeps who did it. Unlike a postponement it does not change the
status. What an edit changes beyond the plan's own fields (names, series, formations, labels) is
kept in the change's ``before`` and ``plan`` too, so the life of the training shows it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.access import require
from accord.core.audit import Actor, json_safe, save_with_record
from accord.core.classification import release_codes
from accord.core.label_choices import labels_for
from accord.core.validation import check_fields, require_within_reach
from accord.forces.capacity import Activity, Capacity, admits, capacity
from accord.forces.models import ChangeKind, Formation, Training, TrainingChange, TrainingSeries
from accord.forces.trainings.services import (
    CLOSED,
    TrainingError,
    append_change,
    check_dates,
    check_host,
    need_reason,
    plan_of,
    without_names,
)

TEXTS = ("name_en", "name_ru", "place_en", "place_ru")
LABELS = ("classification", "releasability", "release_to")


def edit_plan(
    training: Training,
    *,
    actor: Actor,
    reason: str,
    texts: dict[str, str] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    series: TrainingSeries | None = None,
    formations: list[Formation] | None = None,
    labels: dict[str, Any] | None = None,
) -> TrainingChange:
    """Apply the given corrections (None or absent: unchanged) and record one ``edited`` change."""
    require(actor.access_user, training, "change")
    reason = need_reason(reason)
    fields = text_fields(training, texts or {})
    fields |= date_fields(training, start, end)
    if series is not None and series.pk != training.series_id:
        fields["series"] = series
    fields |= label_fields(training, actor, labels or {})
    new_formations = changed_formations(training, formations)
    if not fields and new_formations is None:
        raise TrainingError(_("nothing to change: give at least one new value"))
    before = plan_of(training) | extras_of(training, fields, new_formations is not None)
    with transaction.atomic():
        save_with_record(
            training, actor=actor, reason=reason, fields=check_fields(training, fields, TrainingError)
        )
        if new_formations is not None:
            training.formations.set(new_formations)
        require_within_reach(actor.access_user, training)
        change = append_change(training, ChangeKind.EDITED, actor=actor, before=before, reason=reason)
        change.plan = change.plan | extras_of(training, fields, new_formations is not None)
        change.save(update_fields=["plan"])
    return change


def text_fields(training: Training, texts: dict[str, str]) -> dict[str, Any]:
    """The names and places that differ from the training's, each checked for names of people."""
    fields: dict[str, Any] = {}
    for name in TEXTS:
        value = texts.get(name)
        if value is None or value.strip() == getattr(training, name):
            continue
        value = value.strip()
        if name == "name_en" and not value:
            raise TrainingError(_("give the training a name"), field="name_en")
        fields[name] = without_names(value, name)
    return fields


def date_fields(training: Training, start: datetime.date | None, end: datetime.date | None) -> dict[str, Any]:
    """New planned dates (to the day): an open training only, the host and the participants still
    able to take part on them, the phases still within them; the year follows the start."""
    if start is None and end is None:
        return {}
    if training.status in CLOSED:
        raise TrainingError(
            _("the training is already %(status)s: its planned dates stay as they were")
            % {"status": training.get_status_display()},
            field="start",
        )
    if (start, end) == (training.planned_start, training.planned_end):
        return {}  # the page sends the dates as they were: no day is invented for a month's plan
    if (start is None or end is None) and training.planned_precision != "day":
        raise TrainingError(
            _("the plan knows only the %(precision)s: give both the start and the end")
            % {"precision": _(training.planned_precision)},
            field="start" if start is None else "end",
        )
    if end is None and start is not None and training.planned_start and training.planned_end:
        end = start + (training.planned_end - training.planned_start)  # a new start keeps the length
    start = start or training.planned_start
    end = end or start
    check_dates(start, end)
    if start is None:
        raise TrainingError(_("give the start as well as the end"), field="start")
    if (start, end) == (training.planned_start, training.planned_end):
        return {}
    if training.host_id:
        check_host(training.host, start, end)
    check_participants(training, start, end)
    check_phases(training, start, end)
    return {
        "planned_start": start,
        "planned_end": end,
        "planned_precision": "day",
        "year": start.year,
    }


def check_participants(training: Training, start: datetime.date, end: datetime.date) -> None:
    """Every state taking part must still be able to, in its capacity, on the new dates."""
    for item in training.participants.select_related("state"):
        answer = capacity(item.state.code, start, end, Activity.TRAININGS)
        if not admits(answer, Capacity(item.capacity)):
            raise TrainingError(
                _("%(state)s takes part and could not on these dates; withdraw it first")
                % {"state": item.state.name},
                field="start",
            )


def check_phases(training: Training, start: datetime.date, end: datetime.date) -> None:
    """The recorded phases must stay within the new dates."""
    for phase in training.phases.all():
        days = [day for day in (phase.start, phase.end) if day]
        if any(not start <= day <= end for day in days):
            raise TrainingError(
                _("the phase %(phase)s would fall outside these dates") % {"phase": phase.name},
                field="start",
            )


def label_fields(training: Training, actor: Actor, labels: dict[str, Any]) -> dict[str, Any]:
    """New labels, refused on their field when the editor could not read the training back."""
    wanted = {name: labels[name] for name in LABELS if labels.get(name) is not None}
    if "release_to" in wanted:
        wanted["release_to"] = ",".join(
            sorted({code.strip().upper() for code in release_codes(wanted["release_to"]) if code.strip()})
        )
    changed = {name: value for name, value in wanted.items() if value != getattr(training, name)}
    if not changed:
        return {}
    after = {name: changed.get(name, getattr(training, name)) for name in LABELS}
    for field, problem in labels_for(actor.access_user).problems(
        after["classification"], after["releasability"], release_codes(after["release_to"])
    ):
        raise TrainingError(problem, field=field)
    return changed


def changed_formations(training: Training, formations: list[Formation] | None) -> list[Formation] | None:
    """The new formations when they differ from the training's, else None."""
    if formations is None:
        return None
    if {f.pk for f in formations} == set(training.formations.values_list("pk", flat=True)):
        return None
    return formations


def extras_of(training: Training, fields: dict[str, Any], formations_changed: bool) -> dict[str, Any]:
    """The training's values of the non-plan fields an edit changes (names, series, labels, formations)."""
    found: dict[str, Any] = {}
    for name in fields:
        if name in TEXTS[:2] or name in LABELS:
            found[name] = json_safe(getattr(training, name))
    if "series" in fields:
        found["series"] = training.series.key
    if formations_changed:
        found["formations"] = sorted(training.formations.values_list("key", flat=True))
    return found
