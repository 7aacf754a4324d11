"""The yearly report through the visibility harness's channels: a section over events at every label
shows each kind of user exactly what the policy allows, and the public nothing (the report needs a
login). The subjects' own declarations add the same channels (``channels.yearly_report``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from accord.crisis.models import Event
from accord.forces import report
from accord.forces.report_parts import ReportSection, Table, cell, labels_of_records
from tests.accounts.helpers import login_verified
from tests.visibility import channels as ch
from tests.visibility import factories
from tests.visibility.declaration import Declaration
from tests.visibility.matrix import PUBLIC, USERS, Combo
from tests.visibility.test_harness import check
from tests.visibility.world import World, make_harness_user, new_world, record_statuses

pytestmark = pytest.mark.django_db


def harness_events_section(user, year: int) -> ReportSection:
    """The harness's events of ``year`` the reader may see, one row each named by its marker."""
    events = list(Event.objects.restrict(user).filter(source_id__startswith="vis-evt", date__year=year))
    rows = tuple((cell(event.place), cell(event.fatalities_best, ["seed-002"])) for event in events)
    return ReportSection(
        "harness-events",
        "Harness events",
        tables=(Table("Events", ("Place", "Fatalities"), rows),),
        labels=labels_of_records(events),
    )


@dataclass
class SmallHarness:
    """The harness's interface for :func:`check`: one browser per kind of user."""

    world: World
    browsers: dict[str, ch.Browser]

    def browser(self, combo: Combo) -> ch.Browser:
        return self.browsers[combo.username]


COMBOS = (PUBLIC, *USERS[::9])


@pytest.fixture
def harness():
    saved = list(report.SECTION_MAKERS)
    report.SECTION_MAKERS[:] = [harness_events_section]
    world = new_world()
    record_statuses()
    browsers = {}
    for combo in COMBOS:
        client = Client()
        if combo.role is not None:
            world.users[combo.username] = make_harness_user(combo)
            login_verified(client, world.users[combo.username])
        browsers[combo.username] = ch.Browser(client, combo.username if combo.role else None)
    world.records["crisis.event"] = list(factories.events(world))
    yield SmallHarness(world, browsers)
    report.SECTION_MAKERS[:] = saved


def test_each_report_channel_shows_each_user_exactly_what_the_policy_allows(harness):
    declaration = Declaration("crisis.event", "classified", factories.events)
    records = harness.world.records["crisis.event"]
    year = (harness.world.today - datetime.timedelta(days=1)).year
    wrong = [
        problem
        for channel in ch.yearly_report(year)
        for combo in COMBOS
        if (problem := check(harness, declaration, channel, combo, records))
    ]
    assert not wrong, "\n".join(wrong)
    seen_by_someone = set()
    for channel in ch.yearly_report(year):
        for combo in COMBOS[1:]:
            seen_by_someone |= channel.seen(harness.browser(combo), records)
    assert seen_by_someone, "the channels read the report (they could pass by showing nothing)"
