"""The trainings calendar: by month for the page, and as an iCalendar (RFC 5545) feed.

An event needs days. A training known to the day is an all-day event over its days; one known to
the month is an all-day event over the whole month(s), its summary saying that only the month is
known; one known only to the year is left out of the feed (no day would be true) and listed apart
on the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accord.forces.models import Training


def shown_dates(training: Training) -> tuple[datetime.date | None, datetime.date | None, str]:
    """The dates a calendar shows: held dates once held, else the planned ones, with precision."""
    if training.held_start:
        return training.held_start, training.held_end or training.held_start, training.held_precision
    return training.planned_start, training.planned_end or training.planned_start, training.planned_precision


def months_of(
    trainings: Iterable[Training],
) -> tuple[list[tuple[datetime.date, list[Training]]], list[Training]]:
    """The trainings by the month they start in, and those known only to the year."""
    months: dict[datetime.date, list[Training]] = {}
    undated: list[Training] = []
    for training in trainings:
        start, _end, precision = shown_dates(training)
        if start is None or precision == "year":
            undated.append(training)
        else:
            months.setdefault(start.replace(day=1), []).append(training)
    return sorted(months.items()), undated


def calendar_ics(trainings: Iterable[Training], host: str) -> bytes:
    """An iCalendar file of the trainings (see the module's note on dates)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Accord//Joint trainings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Accord joint trainings")
    stamp = datetime.datetime.now(datetime.UTC)
    for training in trainings:
        start, end, precision = shown_dates(training)
        if start is None or end is None or precision == "year":
            continue
        event = Event()
        event.add("uid", f"training-{training.pk}@{host}")
        summary = training.name_en
        if precision == "month":
            summary += " (" + _("dates known to the month") + ")"
        if training.status in ("postponed", "cancelled"):
            summary += f" [{training.get_status_display()}]"
        event.add("summary", summary)
        event.add("dtstart", start)
        event.add("dtend", end + datetime.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add(
            "status",
            "CANCELLED"
            if training.status == "cancelled"
            else "CONFIRMED"
            if training.status == "held"
            else "TENTATIVE",
        )
        place = ", ".join(
            part for part in (training.place_en, training.host.name_en if training.host_id else "") if part
        )
        if place:
            event.add("location", place)
        event.add("description", f"{training.series.name_en} — {training.get_status_display()}")
        calendar.add_component(event)
    return calendar.to_ical()
