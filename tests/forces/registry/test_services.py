"""Contributions and readiness: readiness on a date, overall = the lowest of the three, labels never
below the contribution, a liaison officer for their own state only, figures checked, names refused,
and every write recorded."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from accord.forces.models import Contribution, ReadinessReport
from accord.forces.models.contributions import lowest
from accord.forces.registry import queries, services
from accord.forces.registry.services import ForcesError
from tests.accounts.helpers import make_user
from tests.forces.registry.helpers import SYSTEM, contribution, rate

pytestmark = pytest.mark.django_db
DAY = datetime.date


@pytest.mark.parametrize(
    ("ratings", "overall"),
    [
        (("ready", "ready", "ready"), "ready"),
        (("ready", "partial", "ready"), "partial"),
        (("partial", "ready", "not-ready"), "not-ready"),
        (("not-ready", "partial", "partial"), "not-ready"),
    ],
)
def test_overall_is_the_lowest_of_the_three(ratings, overall):
    assert lowest(*ratings) == overall
    people, equipment, support = ratings
    report = rate(contribution(), DAY(2022, 1, 1), people, equipment, support)
    assert ReadinessReport.objects.get(pk=report.pk).overall == overall


def test_readiness_on_a_date_is_the_latest_report_on_or_before_it():
    item = contribution()
    rate(item, DAY(2022, 1, 10), people="partial")
    rate(item, DAY(2022, 3, 1), support="not-ready")
    on = lambda day: queries.readiness_on(SYSTEM_USER, day, [item.pk]).get(item.pk)  # noqa: E731
    assert on(DAY(2022, 1, 9)) is None
    assert on(DAY(2022, 1, 10)).overall == "partial"
    assert on(DAY(2022, 2, 28)).overall == "partial"
    assert on(DAY(2022, 3, 1)).overall == "not-ready"


def test_the_matrix_takes_the_worst_cell_and_only_contributions_in_place():
    first, second = contribution(), contribution(unit_type="special-forces")
    contribution(state="ARM", valid_from=DAY(2023, 1, 1))
    rate(first, DAY(2022, 1, 1))
    rate(second, DAY(2022, 1, 1), equipment="partial")
    matrix = queries.readiness_matrix(SYSTEM_USER, DAY(2022, 6, 1))
    cells = {(f.key, s.code): matrix.cell(f, s) for f in matrix.formations for s in matrix.states}
    assert cells[("crdf-car", "KAZ")].overall == "partial"
    assert ("crdf-car", "ARM") not in cells  # in place only from 2023


def test_a_report_labelled_below_its_contribution_is_refused():
    item = contribution(classification=3)
    with pytest.raises(ForcesError) as refused:
        rate(item, DAY(2022, 1, 1), classification=1)
    assert refused.value.field == "classification"
    wider = contribution(releasability="members-only")
    with pytest.raises(ForcesError):
        rate(wider, DAY(2022, 1, 1), releasability="everyone")
    assert rate(item, DAY(2022, 1, 1)).classification == 3  # the contribution's labels by default


def test_a_report_names_what_it_rests_on():
    with pytest.raises(ForcesError) as refused:
        rate(contribution(), DAY(2022, 1, 1), source_text="")
    assert refused.value.field == "source_text"


def test_contributions_are_confidential_and_members_only_by_default():
    item = contribution()
    assert (item.classification, item.releasability) == (2, "members-only")


def test_a_liaison_officer_records_their_own_states_contribution_only():
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ")
    actor = Actor.for_user(liaison)
    values = {"formation": "crdf-car", "unit_type": "airborne", "personnel": 300, "source_text": "national"}
    own = services.record_contribution({**values, "state": "KAZ"}, actor=actor)
    assert own.state.code == "KAZ"
    with pytest.raises(PermissionDenied) as refused:
        services.record_contribution({**values, "state": "RUS"}, actor=actor)
    assert "own state" in str(refused.value)
    rate(own, DAY(2022, 1, 1))
    services.record_readiness(
        own,
        {
            "date": DAY(2022, 2, 1),
            "people": "ready",
            "equipment": "ready",
            "support": "ready",
            "source_text": "national",
        },
        actor=actor,
    )
    other = contribution(state="RUS")
    with pytest.raises(PermissionDenied):
        services.record_readiness(
            other,
            {
                "date": DAY(2022, 2, 1),
                "people": "ready",
                "equipment": "ready",
                "support": "ready",
                "source_text": "x",
            },
            actor=actor,
        )


def test_the_secretariat_records_for_every_state_and_a_reader_for_none():
    officer = Actor.for_user(make_user("sec-officer", Role.SECRETARIAT_OFFICER))
    values = {"formation": "crrf", "unit_type": "airborne", "source_text": "Joint Staff"}
    assert services.record_contribution({**values, "state": "RUS"}, actor=officer).pk
    assert services.record_contribution({**values, "state": "ARM"}, actor=officer).pk
    reader = Actor.for_user(make_user("a-reader", Role.READER))
    with pytest.raises(PermissionDenied):
        services.record_contribution({**values, "state": "ARM"}, actor=reader)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"personnel": -1}, "personnel"),
        ({"equipment": 10_000_000}, "equipment"),
        ({"unit_type": "cavalry"}, "unit_type"),
        ({"note_en": "commanded by Ivan Petrov and Sergei Ivanov"}, "note_en"),
        ({"description_ru": "командир Иванов И.О."}, "description_ru"),
        ({"valid_until": DAY(2020, 1, 1)}, "valid_until"),
        ({"formation": "no-such"}, "formation"),
        ({"state": "XXX"}, "state"),
    ],
)
def test_bad_contributions_are_refused_naming_the_field(values, field):
    before = Contribution.objects.count()
    with pytest.raises(ForcesError) as refused:
        contribution(**values)
    assert refused.value.field == field
    assert Contribution.objects.count() == before


def test_unknown_strength_stays_unknown_not_zero():
    item = contribution(personnel=None)
    assert Contribution.objects.get(pk=item.pk).personnel is None


def test_every_write_is_recorded_with_who_and_why():
    item = contribution()
    report = rate(item, DAY(2022, 1, 1))
    for record in (item, report):
        change = ChangeRecord.objects.get(object_type=record._meta.label_lower, object_id=str(record.pk))
        assert (change.actor_name, change.reason) == (SYSTEM.name, "test")
