"""Recording results: only an operation type's indicators, only participating states, no names, a
liaison officer for their own state only; totals never count a state twice; results feed the series."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.charter.models import State
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.crisis.models import SeriesPoint
from accord.forces.models import Operation, OperationResult
from accord.forces.operations.report import year_section
from accord.forces.operations.services import (
    OperationError,
    add_participant,
    correct_result,
    record_result,
    withdraw_result,
)
from accord.forces.operations.totals import totals_by, totals_by_indicator, visible_results
from tests.accounts.helpers import make_user

ACTOR = Actor.system("test")


@pytest.fixture
def mercenary(db) -> Operation:
    return Operation.objects.get(key="mercenary-2019")


def state(code: str) -> State:
    return State.objects.get(code=code)


def record(operation, code="KAZ", indicator="financing-facts-revealed", value=5, actor=ACTOR, **more):
    return record_result(
        operation,
        phase="main",
        state=state(code) if code else None,
        indicator=indicator,
        value=value,
        source="seed-001",
        actor=actor,
        **more,
    )


PUBLIC = {"classification": Classification.PUBLIC, "releasability": Releasability.EVERYONE}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"indicator": "websites-blocked"}, "indicator"),
        ({"value": "-3"}, "value"),
        ({"value": "lots"}, "value"),
        ({"note": "Задержаны Иван Петров и Олег Сидоров"}, "note"),
        ({"code": "SRB"}, "state"),
    ],
)
def test_refusals_name_the_field(mercenary, change, field):
    with pytest.raises(OperationError) as refused:
        record(mercenary, **change)
    assert refused.value.field == field


def test_a_state_the_charter_does_not_let_take_part_is_refused_with_the_rule(mercenary):
    with pytest.raises(OperationError) as refused:
        add_participant(mercenary, state("UZB"), actor=ACTOR)
    assert "suspended" in str(refused.value) and "join-operations" in str(refused.value)


def test_a_state_with_no_status_is_refused_and_a_member_joins(mercenary):
    with pytest.raises(OperationError, match="no status"):
        add_participant(mercenary, state("SRB"), actor=ACTOR)
    joined = add_participant(mercenary, state("KAZ"), actor=ACTOR)
    assert joined.capacity == "participant" and "full-participation" in joined.reason


def test_a_second_figure_for_the_same_cell_is_refused(mercenary):
    record(mercenary)
    with pytest.raises(OperationError, match="correct it instead"):
        record(mercenary)


def test_the_whole_operations_figure_is_its_total_and_states_are_not_added_again(mercenary):
    record(mercenary, code="KAZ", indicator="accomplices-identified", value=100)
    results = list(visible_results(ACTOR.access_user, [mercenary]))
    total = totals_by_indicator(results)[(mercenary.pk, "accomplices-identified")]
    assert total.value == Decimal(600) and total.qualifier == "about"
    by_state = totals_by(results, "state")
    assert by_state[(mercenary.pk, "accomplices-identified", state("KAZ").pk)].value == 100


def test_states_figures_add_up_when_no_whole_figure(mercenary):
    record(mercenary, code="KAZ", value=5)
    record(mercenary, code="RUS", value=7)
    total = totals_by_indicator(visible_results(ACTOR.access_user, [mercenary]))
    assert total[(mercenary.pk, "financing-facts-revealed")].value == 12


def test_a_withdrawn_figure_counts_nowhere_and_a_correction_is_kept(mercenary):
    result = record(mercenary, value=5)
    correct_result(result, value=6, reason="national staff revised", actor=ACTOR)
    assert OperationResult.objects.get(pk=result.pk).value == 6
    withdraw_result(result, reason="double counted", actor=ACTOR)
    total = totals_by_indicator(visible_results(ACTOR.access_user, [mercenary]))
    assert (mercenary.pk, "financing-facts-revealed") not in total


def test_a_public_result_feeds_the_series_and_a_withdrawn_one_leaves_it(mercenary):
    result = record(mercenary, value=5, **PUBLIC)
    point = SeriesPoint.objects.get(
        series__key="operations.mercenary.financing-facts-revealed", series__country="KAZ"
    )
    assert point.value == 5 and point.date.isoformat() == "2019-12-31"
    withdraw_result(result, reason="wrong figure", actor=ACTOR)
    assert not SeriesPoint.objects.filter(
        series__key="operations.mercenary.financing-facts-revealed"
    ).exists()


def test_a_restricted_result_never_feeds_a_public_series(mercenary):
    record(mercenary, value=5)
    assert not SeriesPoint.objects.filter(
        series__key="operations.mercenary.financing-facts-revealed"
    ).exists()


def test_a_liaison_officer_records_for_their_own_state_only(mercenary):
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ")
    actor = Actor.for_user(liaison)
    with pytest.raises(PermissionDenied):
        record(mercenary, code="RUS", actor=actor)
    own = record(mercenary, code="KAZ", actor=actor)
    assert own.state.code == "KAZ"


def test_the_yearly_section_shows_every_figure_with_its_source(mercenary):
    section = year_section(ACTOR.access_user, 2019)
    assert section.tables and "seed-001" in section.sources
    assert year_section(ACTOR.access_user, 1999).empty_text
    assert not year_section(ACTOR.access_user, 1999).tables
