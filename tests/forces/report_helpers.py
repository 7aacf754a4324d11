"""Sections of the yearly report made in the tests: real ReportSection objects over real records.

The test section reads crisis events through ``restrict()`` (a classified model), so that what the
report shows, and the classification it carries, depend on the reader exactly as a subject's would.
"""

from __future__ import annotations

import datetime

import pytest

from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification
from accord.crisis.models import Event
from accord.forces import report
from accord.forces.report_parts import ReportSection, Table, cell, labels_of_records

ACTOR = Actor.system("tests")
MARK = "yr-report-test"


def events_section(user, year: int) -> ReportSection:
    """The test events of ``year`` the user may see: one row each, with its fatalities and source."""
    events = list(
        Event.objects.restrict(user).filter(source_id__startswith=MARK, date__year=year).order_by("place")
    )
    rows = tuple((cell(event.place), cell(event.fatalities_best, ["seed-002"])) for event in events)
    total = sum(event.fatalities_best for event in events)
    return ReportSection(
        key="test-events",
        title="Test events",
        paragraphs=(f"{len(events)} test events.",) if events else (),
        tables=(Table("Test events by place", ("Place", "Count"), rows),) if rows else (),
        labels=labels_of_records(events),
        empty_text="No test events this year.",
        data={"total": total},
    )


def training_section(user, year: int) -> ReportSection:
    """A public section citing two sources, one of them not in the register."""
    if year != 2020:
        return ReportSection("test-trainings", "Test trainings", empty_text="No test trainings this year.")
    rows = ((cell("Search-2020"), cell("postponed", ["seed-002", "no-such-source"])),)
    return ReportSection(
        key="test-trainings",
        title="Test trainings",
        paragraphs=("Eight trainings were planned.",),
        tables=(Table("Test trainings", ("Training", "Status"), rows),),
    )


@pytest.fixture
def sections():
    """The two test sections registered for the test; the registry is restored afterwards."""
    saved = list(report.SECTION_MAKERS)
    report.SECTION_MAKERS[:] = [training_section, events_section]
    yield report.SECTION_MAKERS
    report.SECTION_MAKERS[:] = saved


def make_event(place: str, level: int, fatalities: int, releasability: str = "members-only") -> Event:
    """An event in Kazakhstan in September 2020 at the classification ``level``."""
    event = Event(
        source="report",
        source_id=f"{MARK}-{place}",
        date=datetime.date(2020, 9, 15),
        date_precision="day",
        place=place,
        place_precision="country",
        country="KAZ",
        region="central-asian",
        category="terrorism",
        fatalities_best=fatalities,
        classification=level,
        releasability=releasability,
    )
    save_with_record(event, actor=ACTOR, reason="yearly report test")
    return event


@pytest.fixture
def events(db):
    """A public event and a SECRET one of 2020."""
    return [
        make_event("Publicplace", Classification.PUBLIC, 3, "everyone"),
        make_event("Secretplace", Classification.SECRET, 5),
    ]
