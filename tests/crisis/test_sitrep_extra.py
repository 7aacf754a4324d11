"""Apps above crisis add sections to the situation report through a registration hook: the section
is drawn for the reader and day, left out when it builds nothing, and its records count for the
report's labels."""

from __future__ import annotations

import datetime

import pytest

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, save_with_record
from accord.crisis import sitrep
from accord.crisis.models import Event
from accord.crisis.services import report_event
from accord.crisis.sitreps import extra

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 6, 1)
ACTOR = Actor.system("tests")


@pytest.fixture
def section():
    """A section that shows the secret events it is given (removed after the test)."""
    shown = []

    def build(user, day, region):
        if not shown:
            return None
        return {"events": shown, "queryset": Event.objects.filter(pk__in=[event.pk for event in shown])}

    made = extra.ExtraSection(999, "crisis/test_extra_section.html", build)
    extra.register_section(made)
    yield shown
    extra._sections.remove(made)


def test_a_section_left_out_when_it_builds_nothing(section):
    built = extra.built_sections(SYSTEM_USER, DAY)
    assert "crisis/test_extra_section.html" not in [item["template"] for item in built]


def test_a_registered_section_counts_for_the_labels(section):
    values = {
        "date": DAY - datetime.timedelta(days=60),
        "country": "TJK",
        "category": "drug-trafficking",
        "place": "Panj",
    }
    values |= {"latitude": 37.2, "longitude": 69.1, "fatalities": 0, "description": "Seizure"}
    secret = report_event(values | {"reference": "CRC note 1"}, actor=ACTOR)
    save_with_record(secret, actor=ACTOR, fields={"classification": 3, "releasability": "members-only"})
    before = sitrep.report_labels(SYSTEM_USER, DAY).classification
    section.append(secret)
    built = extra.built_sections(SYSTEM_USER, DAY)
    assert "crisis/test_extra_section.html" in [item["template"] for item in built]
    assert before < 3, "an event two months old is not in the day's report by itself"
    assert sitrep.report_labels(SYSTEM_USER, DAY).classification == 3
