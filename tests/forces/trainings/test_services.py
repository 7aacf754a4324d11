"""The rules of a training's life: postponement, relocation, cancellation, holding, joining by the
charter's capacity, and the plan as it stood on any date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.models import ChangeRecord
from accord.forces.models import TrainingChange, TrainingParticipant, TrainingSeries
from accord.forces.trainings import services
from accord.forces.trainings.queries import plan_on, totals, year_trainings
from tests.accounts.helpers import make_user
from tests.forces.trainings.helpers import ACTOR, ahead, give_status, planned

pytestmark = pytest.mark.django_db


def test_planning_records_the_plan_as_its_first_change():
    training = planned()
    [change] = training.changes.all()
    assert change.kind == "planned" and change.plan["host"] == "KAZ" and change.reason_en == "test plan"
    assert ChangeRecord.objects.filter(object_type="forces.training", object_id=str(training.pk)).exists()


def test_a_host_must_be_able_to_take_part_on_the_dates():
    with pytest.raises(services.TrainingError) as refused:
        planned(host="SRB")  # no status in the Organization
    assert refused.value.field == "host"


def test_postponement_needs_a_reason_and_moves_the_start_later():
    training = planned()
    with pytest.raises(services.TrainingError) as refused:
        services.postpone(training, actor=ACTOR, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(services.TrainingError) as earlier:
        services.postpone(training, actor=ACTOR, reason="weather", start=ahead(10), end=ahead(12))
    assert earlier.value.field == "start"
    services.postpone(training, actor=ACTOR, reason="the pandemic", start=ahead(90), end=ahead(93))
    training.refresh_from_db()
    assert training.status == "postponed" and training.planned_start == ahead(90)
    change = training.changes.last()
    assert change.before["planned_start"] == ahead(30).isoformat() and change.reason_en == "the pandemic"


def test_postponement_without_new_dates_keeps_the_old_ones():
    training = planned()
    services.postpone(training, actor=ACTOR, reason="no dates yet")
    training.refresh_from_db()
    assert training.status == "postponed" and training.planned_start == ahead(30)


def test_a_held_or_cancelled_training_cannot_be_postponed_relocated_or_cancelled():
    cancelled = planned()
    services.cancel(cancelled, actor=ACTOR, reason="no funds")
    for change in (
        lambda t: services.postpone(t, actor=ACTOR, reason="x"),
        lambda t: services.relocate(t, State.objects.get(code="BLR"), actor=ACTOR, reason="x"),
        lambda t: services.cancel(t, actor=ACTOR, reason="x"),
        lambda t: services.hold(t, actor=ACTOR, start=ahead(-2), end=ahead(-1)),
    ):
        with pytest.raises(services.TrainingError):
            change(cancelled)
    held = planned(start=-5)
    services.hold(held, actor=ACTOR, start=ahead(-5), end=ahead(-1), personnel=1500)
    with pytest.raises(services.TrainingError):
        services.postpone(held, actor=ACTOR, reason="late")
    assert held.changes.count() == 2


def test_a_training_is_held_once_it_has_started_with_sane_figures():
    training = planned()
    with pytest.raises(services.TrainingError) as future:
        services.hold(training, actor=ACTOR, start=ahead(30), end=ahead(34))
    assert future.value.field == "start"
    with pytest.raises(services.TrainingError) as backwards:
        services.hold(training, actor=ACTOR, start=ahead(-1), end=ahead(-3))
    assert backwards.value.field == "end"
    with pytest.raises(services.TrainingError) as figures:
        services.hold(training, actor=ACTOR, start=ahead(-3), end=ahead(-1), personnel=0)
    assert figures.value.field == "personnel"


def test_relocation_goes_to_a_state_that_can_host_and_keeps_the_training_planned():
    training = planned()
    with pytest.raises(services.TrainingError) as refused:
        services.relocate(training, State.objects.get(code="UZB"), actor=ACTOR, reason="asked")
    assert refused.value.field == "host" and "Uzbekistan" in refused.value.reason
    services.relocate(training, State.objects.get(code="BLR"), actor=ACTOR, reason="host asked")
    training.refresh_from_db()
    assert training.host.code == "BLR" and training.relocated and training.status == "planned"


def test_joining_follows_the_charter_capacity_with_its_reasons():
    training = planned()
    member = services.join(training, State.objects.get(code="ARM"), actor=ACTOR)
    assert member.capacity == "participant" and "full-participation" in " ".join(
        services.rendered(member.reasons)
    )
    with pytest.raises(services.TrainingError) as suspended:
        services.join(training, State.objects.get(code="UZB"), actor=ACTOR)
    assert suspended.value.field == "state" and "attend as an observer" in suspended.value.reason
    observer = services.join(training, State.objects.get(code="UZB"), actor=ACTOR, wanted="observer")
    assert observer.capacity == "observer"
    with pytest.raises(services.TrainingError) as stranger:
        services.join(training, State.objects.get(code="SRB"), actor=ACTOR, wanted="observer")
    assert stranger.value.field == "state"


def test_a_partner_takes_part_and_an_observer_only_attends():
    training = planned()
    give_status("SRB", "partner")
    give_status("AFG", "observer")
    assert services.join(training, State.objects.get(code="SRB"), actor=ACTOR).capacity == "participant"
    with pytest.raises(services.TrainingError):
        services.join(training, State.objects.get(code="AFG"), actor=ACTOR)
    assert (
        services.join(training, State.objects.get(code="AFG"), actor=ACTOR, wanted="observer").capacity
        == "observer"
    )


def test_a_liaison_officer_joins_only_their_own_state():
    training = planned()
    officer = make_user("kaz-liaison", "liaison-officer", state="KAZ")
    actor = services.Actor.for_user(officer)
    assert services.join(training, State.objects.get(code="KAZ"), actor=actor).capacity == "participant"
    with pytest.raises(PermissionDenied):
        services.join(training, State.objects.get(code="ARM"), actor=actor)
    with pytest.raises(PermissionDenied):
        services.postpone(training, actor=actor, reason="we would like to")
    services.withdraw(TrainingParticipant.objects.get(training=training, state__code="KAZ"), actor=actor)
    assert not training.participants.exists()


def test_only_planners_plan():
    reader = make_user("reader-of-trainings", "reader")
    with pytest.raises(PermissionDenied):
        services.plan_training(
            name="x",
            series=TrainingSeries.objects.get(key="cobalt"),
            host=State.objects.get(code="KAZ"),
            start=ahead(5),
            end=ahead(6),
            source="s",
            actor=services.Actor.for_user(reader),
        )


def test_the_plan_as_it_stood_on_a_date_comes_from_the_changes_decided_by_then():
    training = planned()
    first = training.changes.get()
    TrainingChange.objects.filter(pk=first.pk).update(effective=datetime.date(2030, 1, 1))
    services.postpone(training, actor=ACTOR, reason="pandemic", start=ahead(60), end=ahead(61))
    TrainingChange.objects.filter(training=training, kind="postponed").update(
        effective=datetime.date(2030, 3, 1)
    )
    services.relocate(training, State.objects.get(code="BLR"), actor=ACTOR, reason="asked")
    TrainingChange.objects.filter(training=training, kind="relocated").update(
        effective=datetime.date(2030, 5, 1)
    )
    training = year_trainings(SYSTEM_USER, training.year)[-1]
    assert plan_on(training, datetime.date(2029, 12, 31)) is None
    assert plan_on(training, datetime.date(2030, 2, 1))["status"] == "planned"
    on_april = plan_on(training, datetime.date(2030, 4, 1))
    assert on_april["status"] == "postponed" and on_april["host"] == "KAZ"
    assert on_april["planned_start"] == ahead(60).isoformat()
    assert plan_on(training, datetime.date(2030, 6, 1))["host"] == "BLR"


def test_totals_count_what_happened():
    a, b, c = planned("A-test", start=-20), planned("B-test", start=-10), planned("C-test", start=-25)
    services.postpone(a, actor=ACTOR, reason="pandemic")
    services.hold(b, actor=ACTOR, start=ahead(-10), end=ahead(-8), personnel=700)
    services.cancel(c, actor=ACTOR, reason="funds")
    year = a.year
    found = totals(
        SYSTEM_USER, year, [t for t in year_trainings(SYSTEM_USER, year) if t.name_en.endswith("-test")]
    )
    assert (found.planned, found.held, found.postponed, found.cancelled, found.personnel) == (3, 1, 1, 1, 700)


def test_lessons_are_findings_and_follow_up_measures_with_owners_and_deadlines():
    training = planned()
    services.add_finding(training, "Communications between staffs were slow", actor=ACTOR)
    measure = services.add_follow_up(
        training,
        "Exercise the secure link monthly",
        actor=ACTOR,
        deadline=ahead(200),
        states=[State.objects.get(code="KAZ")],
    )
    training.refresh_from_db()
    assert measure.program == training.lessons and training.lessons.kind == "list-of-measures"
    assert training.lessons.classification == training.classification
    assert list(measure.responsible_states.values_list("code", flat=True)) == ["KAZ"]
    assert training.findings.get().number == 1


@pytest.mark.parametrize(
    ("write", "field"),
    [
        (
            lambda training: services.add_finding(
                training, "Commander Ivan Petrov and Oleg Sidorov", actor=ACTOR
            ),
            "text_en",
        ),
        (
            lambda training: services.add_finding(training, "Slow links", actor=ACTOR, text_ru="Иванов И.И."),
            "text_ru",
        ),
        (
            lambda training: services.postpone(training, actor=ACTOR, reason="asked by Сергей Петрович"),
            "reason",
        ),
        (lambda training: services.cancel(training, actor=ACTOR, reason="Mr Brown fell ill"), "reason"),
    ],
)
def test_findings_and_reasons_that_name_people_are_refused(write, field):
    training = planned()
    with pytest.raises(services.TrainingError) as refused:
        write(training)
    assert refused.value.field == field and "name no one" in str(refused.value)
    training.refresh_from_db()
    assert training.status == "planned" and not training.findings.exists()
