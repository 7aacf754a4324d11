"""Cooperation and personnel reads: agreements in force on a date, events of a year, totals of places
per year, state and field (unknown stays unknown), and contacts that name no person."""

from __future__ import annotations

import datetime

import pytest

from accord.core.access import SYSTEM_USER
from accord.core.audit import save_with_record
from accord.forces.models import Agreement, PartnerOrganization
from accord.forces.registry import queries, services
from accord.forces.registry.services import ForcesError
from tests.forces.registry.helpers import SYSTEM

pytestmark = pytest.mark.django_db
DAY = datetime.date


def agreement(start, end=None) -> Agreement:
    row = Agreement(
        organization=PartnerOrganization.objects.get(key="osce"),
        title_en="Memorandum",
        in_force_from=start,
        in_force_until=end,
    )
    save_with_record(row, actor=SYSTEM, reason="test")
    return row


def test_an_agreement_is_in_force_from_its_start_to_its_end():
    bounded = agreement(DAY(2020, 1, 1), DAY(2020, 12, 31))
    open_ended = agreement(DAY(2021, 6, 1))
    on = lambda day: set(queries.agreements_in_force(SYSTEM_USER, day))  # noqa: E731
    assert on(DAY(2019, 12, 31)) == set()
    assert on(DAY(2020, 1, 1)) == {bounded}
    assert on(DAY(2020, 12, 31)) == {bounded}
    assert on(DAY(2021, 1, 1)) == set()
    assert on(DAY(2030, 1, 1)) == {open_ended}


def test_the_events_of_a_year():
    keys = lambda year: [e.key for e in queries.events_of_year(SYSTEM_USER, year)]  # noqa: E731
    assert keys(2019) == ["csto-osce-conference-terrorism-2019"]
    assert set(keys(2021)) == {"osce-sg-visit-2021", "osce-observers-indestructible-brotherhood-2021"}
    assert keys(2020) == []


def record(**values):
    fields = {
        "year": 2022,
        "institution_en": "Russian defence universities",
        "source_keys": ["seed-002"],
        **values,
    }
    return services.record_personnel(fields, actor=SYSTEM, reason="test")


def test_totals_per_year_state_and_field():
    record(state="KAZ", field="defence", places_offered=100, places_used=80)
    record(
        state="KAZ",
        field="defence",
        institution_en="Kazakh defence university",
        places_offered=20,
        places_used=20,
    )
    record(state="KAZ", field="interior", places_offered=30, places_used=None)
    record(state="ARM", field="defence", places_used=15)
    record(state="ARM", field="defence", year=2021, places_used=999)
    totals = queries.personnel_totals(SYSTEM_USER, 2022)
    assert (totals[("KAZ", "defence")].offered, totals[("KAZ", "defence")].used) == (120, 100)
    assert (totals[("KAZ", "interior")].offered, totals[("KAZ", "interior")].used) == (30, None)
    assert (totals[("ARM", "defence")].offered, totals[("ARM", "defence")].used) == (None, 15)
    whole = queries.total(list(queries.personnel_of_year(SYSTEM_USER, 2022)))
    assert (whole.offered, whole.used) == (150, 115)
    assert set(totals) == {("KAZ", "defence"), ("KAZ", "interior"), ("ARM", "defence")}


def test_the_shipped_2020_total_is_approximate():
    found = queries.personnel_totals(SYSTEM_USER, 2020)[("", "")]
    assert (found.used, found.approximate, found.sources) == (1500, True, ("seed-002",))


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"places_offered": 10, "places_used": 11}, "places_used"),
        ({"places_used": -1}, "places_used"),
        ({"year": 1800}, "year"),
        ({"institution_en": "Ivan Petrov"}, "institution_en"),
        ({"note_en": "cadets Ivan Petrov, Sergei Ivanov"}, "note_en"),
    ],
)
def test_bad_training_figures_are_refused(values, field):
    with pytest.raises(ForcesError) as refused:
        record(**values)
    assert refused.value.field == field


def test_a_contact_names_offices_never_people():
    contact = services.record_contact(
        {
            "organization": "osce",
            "their_unit": "Transnational Threats Department",
            "our_body": "secretariat",
            "channel": "correspondence",
        },
        actor=SYSTEM,
    )
    assert contact.classification == 1
    with pytest.raises(ForcesError) as refused:
        services.record_contact(
            {
                "organization": "osce",
                "their_unit": "Anna Schmidt",
                "our_body": "secretariat",
                "channel": "meetings",
            },
            actor=SYSTEM,
        )
    assert refused.value.field == "their_unit"


def test_an_event_needs_known_organizations():
    with pytest.raises(ForcesError) as refused:
        services.record_event({"title_en": "Talks", "kind": "meeting"}, ["nobody"], actor=SYSTEM)
    assert refused.value.field == "organizations"
    event = services.record_event(
        {"title_en": "Talks", "kind": "meeting", "date": DAY(2022, 3, 3)}, ["osce", "un"], actor=SYSTEM
    )
    assert sorted(o.key for o in event.organizations.all()) == ["osce", "un"]
