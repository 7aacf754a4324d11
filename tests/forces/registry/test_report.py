"""The yearly report's sections: contributions and readiness as of 31 December (or today), agreements
and events of the year, personnel trained; each figure with its sources, labelled by what it shows."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.core.access import SYSTEM_USER
from accord.forces.registry.report import as_of, contributions_section, cooperation_section, personnel_section
from tests.accounts.helpers import make_user
from tests.forces.registry.helpers import contribution, rate

pytestmark = pytest.mark.django_db


def test_readiness_is_read_on_the_last_day_of_the_year():
    assert as_of(2021) == datetime.date(2021, 12, 31)
    item = contribution(classification=3, source_keys=["seed-002"])
    rate(item, datetime.date(2021, 6, 1), people="partial")
    rate(item, datetime.date(2022, 1, 5), people="ready")
    section = contributions_section(SYSTEM_USER, 2021)
    row = next(row for row in section.tables[0].rows if row[1].text == "KAZ")
    assert row[5].text == "partially ready" and "seed-002" in row[5].sources
    assert row[3].value == 500 and row[3].sources == ("seed-002",)
    assert section.labels.classification == 3


def test_a_reader_without_clearance_sees_public_figures_only():
    contribution(classification=3)
    reader = make_user("low-reader", Role.READER, state="KAZ", clearance=0)
    section = contributions_section(reader, 2030)
    assert [row[1].text for row in section.tables[0].rows] == ["RUS"]  # the public Kant air base
    assert section.labels.classification == 0
    kant = section.tables[0].rows[0]
    assert (kant[3].text, kant[3].value) == ("—", None)  # strength unknown, not zero


def test_cooperation_of_2021_lists_its_events_and_says_no_agreement():
    section = cooperation_section(SYSTEM_USER, 2021)
    assert section.data == {"agreements_in_force": 0, "events": 2}
    assert "No agreement" in section.paragraphs[0]
    assert all(row[2].sources for row in section.tables[0].rows)
    assert not cooperation_section(SYSTEM_USER, 2005).tables


def test_personnel_of_2020_is_the_approximate_1500_with_its_source():
    section = personnel_section(SYSTEM_USER, 2020)
    (row,) = section.tables[0].rows
    assert row[3].text.startswith("≈") and row[3].value == 1500 and row[3].sources == ("seed-002",)
    assert section.data["approximate"] is True
    empty = personnel_section(SYSTEM_USER, 2005)
    assert not empty.tables and empty.empty_text


def test_column_headings_are_capitalised_like_the_other_sections():
    contribution()
    sections = [contributions_section(SYSTEM_USER, 2021), cooperation_section(SYSTEM_USER, 2021)]
    sections.append(personnel_section(SYSTEM_USER, 2020))
    headings = [column for section in sections for table in section.tables for column in table.columns]
    assert "Formation" in headings and "Places used" in headings and "Date" in headings
    assert all(heading[0].isupper() for heading in headings), headings
