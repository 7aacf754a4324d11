"""Correcting a training's plan (service, page, API, command), its phases, withdrawing a participant
on the page, and the plan as it stood on a date around an edit and a relocation."""

from __future__ import annotations

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.models import ChangeRecord
from accord.forces.models import Formation, Training, TrainingChange, TrainingSeries
from accord.forces.trainings import services
from accord.forces.trainings.editing import edit_plan
from accord.forces.trainings.queries import plan_on, year_trainings
from accord.forces.trainings.report import year_section
from tests.accounts.helpers import login_verified, make_user
from tests.forces.trainings.helpers import ACTOR, ahead, give_status, planned

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def fresh(training):
    return next(t for t in year_trainings(SYSTEM_USER, training.year) if t.pk == training.pk)


def test_an_edit_is_recorded_with_the_plan_after_it_and_what_it_changed():
    training = planned()
    change = edit_plan(
        training,
        actor=ACTOR,
        reason="the host gave the exact days",
        texts={"name_en": "Cobalt-edited", "place_en": "Almaty", "place_ru": "Алматы"},
        start=ahead(40),
        end=ahead(42),
        series=TrainingSeries.objects.get(key="search"),
        formations=[Formation.objects.get(key="crrf")],
    )
    training.refresh_from_db()
    assert (training.name_en, training.place_en, training.series.key) == ("Cobalt-edited", "Almaty", "search")
    assert training.status == "planned" and training.planned_start == ahead(40)
    assert change.kind == "edited" and change.reason_en == "the host gave the exact days"
    assert (
        change.before["planned_start"] == ahead(30).isoformat() and change.before["name_en"] == "Cobalt-test"
    )
    assert change.plan["planned_start"] == ahead(40).isoformat() and change.plan["place_en"] == "Almaty"
    assert change.plan["series"] == "search" and change.plan["formations"] == ["crrf"]
    assert ChangeRecord.objects.filter(object_id=str(training.pk), reason__contains="exact days").exists()
    assert [c.kind for c in training.changes.order_by("id")] == ["planned", "edited"]


def test_the_plan_on_a_date_before_an_edit_keeps_the_old_dates():
    training = planned()
    TrainingChange.objects.filter(training=training).update(effective=datetime.date(2030, 1, 1))
    edit_plan(training, actor=ACTOR, reason="exact days", start=ahead(35), end=ahead(36))
    TrainingChange.objects.filter(training=training, kind="edited").update(
        effective=datetime.date(2030, 2, 1)
    )
    training = fresh(training)
    assert plan_on(training, datetime.date(2030, 1, 15))["planned_start"] == ahead(30).isoformat()
    assert plan_on(training, datetime.date(2030, 2, 15))["planned_start"] == ahead(35).isoformat()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "asked by Сергей Петрович", "texts": {"name_en": "X"}}, "reason"),
        ({"reason": "typo", "texts": {"name_en": "Exercise of Ivan Petrov and Oleg Sidorov"}}, "name_en"),
        ({"reason": "typo", "texts": {"place_ru": "у Иванова И.И."}}, "place_ru"),
        ({"reason": "typo", "texts": {"name_en": "  "}}, "name_en"),
        ({"reason": "typo", "start": ahead(50), "end": ahead(45)}, "end"),
        ({"reason": "typo"}, None),
    ],
)
def test_an_edit_says_why_names_no_one_and_changes_something(kwargs, field):
    training = planned()
    with pytest.raises(services.TrainingError) as refused:
        edit_plan(training, actor=ACTOR, **kwargs)
    assert refused.value.field == field
    assert list(training.changes.values_list("kind", flat=True)) == ["planned"]


def test_labels_the_editor_could_not_read_back_are_refused_on_their_field():
    training = planned()
    confidential = Actor.for_user(
        make_user("conf-planner", "secretariat-officer", clearance=Classification.CONFIDENTIAL)
    )
    with pytest.raises(services.TrainingError) as refused:
        edit_plan(
            training, actor=confidential, reason="sensitive", labels={"classification": Classification.SECRET}
        )
    assert refused.value.field == "classification"
    edit_plan(training, actor=confidential, reason="members only", labels={"releasability": "members-only"})
    training.refresh_from_db()
    assert training.releasability == "members-only" and training.classification == Classification.PUBLIC


def test_new_dates_keep_the_host_participants_and_phases_able_and_move_the_year():
    training = planned(start=30, length=4)
    services.add_phase(training, "Active phase", actor=ACTOR, start=ahead(31), end=ahead(32))
    with pytest.raises(services.TrainingError) as outside:
        edit_plan(training, actor=ACTOR, reason="later", start=ahead(32), end=ahead(34))
    assert outside.value.field == "start" and "Active phase" in str(outside.value)
    give_status("SRB", "partner", since=ahead(-10).isoformat())
    services.join(training, State.objects.get(code="SRB"), actor=ACTOR)
    with pytest.raises(services.TrainingError) as partner:
        edit_plan(training, actor=ACTOR, reason="earlier", start=ahead(-20), end=ahead(-19))
    assert partner.value.field == "start" and "Serbia" in str(partner.value)
    next_year = datetime.date(ahead(0).year + 1, 3, 1)
    services.withdraw(training.participants.get(), actor=ACTOR, reason="not ready")
    training.phases.all().delete()
    edit_plan(training, actor=ACTOR, reason="next year", start=next_year, end=next_year)
    training.refresh_from_db()
    assert training.year == next_year.year


def test_a_held_trainings_dates_stay_but_its_name_may_be_corrected():
    training = planned(start=-5, length=2)
    services.hold(training, actor=ACTOR, start=ahead(-5), end=ahead(-3))
    with pytest.raises(services.TrainingError) as refused:
        edit_plan(training, actor=ACTOR, reason="x", start=ahead(-6), end=ahead(-3))
    assert refused.value.field == "start"
    edit_plan(training, actor=ACTOR, reason="spelling", texts={"name_ru": "Кобальт-проверка"})
    training.refresh_from_db()
    assert training.name_ru == "Кобальт-проверка" and training.status == "held"


def test_only_who_may_change_the_training_edits_it():
    training = planned()
    reader = Actor.for_user(make_user("edit-reader", "reader"))
    with pytest.raises(PermissionDenied):
        edit_plan(training, actor=reader, reason="x", texts={"name_en": "Y"})


def test_the_page_edits_and_a_refusal_lands_on_its_field():
    training = planned()
    planner = client_of(make_user("edit-planner", "secretariat-officer"))
    page = planner.get(f"/forces/trainings/{training.pk}/").content.decode()
    assert 'id="form-edit"' in page and 'value="Cobalt-test"' in page
    form = {
        "name": "Cobalt-test",
        "name_ru": "",
        "place_en": "Almaty",
        "place_ru": "",
        "start": ahead(30).isoformat(),
        "end": ahead(34).isoformat(),
        "series": TrainingSeries.objects.get(key="cobalt").pk,
        "classification": 0,
        "releasability": "everyone",
        "reason": "",
    }
    refused = planner.post(f"/forces/trainings/{training.pk}/edit/", form)
    assert refused.status_code == 422 and "This field is required" in refused.content.decode()
    done = planner.post(f"/forces/trainings/{training.pk}/edit/", form | {"reason": "the place is known"})
    assert done.status_code == 302
    page = planner.get(f"/forces/trainings/{training.pk}/").content.decode()
    assert "Almaty" in page and "the place is known" in page and "edited" in page
    reader = client_of(make_user("edit-page-reader", "reader"))
    assert 'id="form-edit"' not in reader.get(f"/forces/trainings/{training.pk}/").content.decode()
    assert reader.post(f"/forces/trainings/{training.pk}/edit/", form | {"reason": "x"}).status_code == 422


def test_the_api_patches_only_what_it_is_given():
    training = planned()
    planner = client_of(make_user("patch-planner", "secretariat-officer"))
    address = f"/api/v1/forces/trainings/{training.pk}"
    refused = planner.patch(address, {"name_en": "X"}, content_type="application/json")
    assert refused.status_code == 422 and "reason" in json.dumps(refused.json())
    named = planner.patch(
        address, {"reason": "typo", "name_en": "Mr Brown's exercise"}, content_type="application/json"
    )
    assert named.status_code == 422 and "name_en" in json.dumps(named.json())
    unknown = planner.patch(address, {"reason": "x", "series": "nope"}, content_type="application/json")
    assert unknown.status_code == 422 and "series" in json.dumps(unknown.json())
    done = planner.patch(
        address,
        {"reason": "exact days", "start": ahead(31).isoformat(), "end": ahead(33).isoformat()},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["planned_start"] == ahead(31).isoformat()
    assert done.json()["name_en"] == "Cobalt-test"
    changes = planner.get(f"{address}/changes").json()
    assert [c["kind"] for c in changes] == ["planned", "edited"]
    assert changes[-1]["before"]["planned_start"] == ahead(30).isoformat()
    reader = client_of(make_user("patch-reader", "reader"))
    assert reader.patch(
        address, {"reason": "x", "name_en": "Y"}, content_type="application/json"
    ).status_code in (
        403,
        422,
    )
    training.refresh_from_db()
    assert training.name_en == "Cobalt-test"


def run(*args: str) -> str:
    out = StringIO()
    call_command("trainings", *args, stdout=out)
    return out.getvalue()


def test_the_command_edits_and_refuses_without_a_reason():
    training = planned()
    answer = json.loads(
        run(
            "edit",
            str(training.pk),
            "--name",
            "Cobalt-CLI",
            "--place",
            "Almaty",
            "--reason",
            "typo",
            "--json",
        )
    )
    assert answer["name"] == "Cobalt-CLI" and answer["place"] == "Almaty"
    with pytest.raises(CommandError) as refused:
        run("edit", str(training.pk), "--name", "Other")
    assert refused.value.returncode == 2 and "reason" in str(refused.value)
    with pytest.raises(CommandError) as bad_date:
        run("edit", str(training.pk), "--from", "2020-13-40", "--reason", "x")
    assert bad_date.value.returncode == 2


def test_phases_are_added_within_the_trainings_dates_on_the_page_and_through_the_api():
    training = planned(start=30, length=4)
    planner = client_of(make_user("phase-planner", "secretariat-officer"))
    outside = planner.post(
        f"/forces/trainings/{training.pk}/phases/",
        {"name_en": "Preparation", "start": ahead(20).isoformat(), "end": ahead(31).isoformat()},
    )
    assert outside.status_code == 422 and "within the training" in outside.content.decode()
    done = planner.post(
        f"/forces/trainings/{training.pk}/phases/",
        {"name_en": "Preparation", "start": ahead(30).isoformat(), "end": ahead(31).isoformat()},
    )
    assert done.status_code == 302
    api = f"/api/v1/forces/trainings/{training.pk}/phases"
    late = planner.post(
        api, {"name_en": "Active", "end": ahead(40).isoformat()}, content_type="application/json"
    )
    assert late.status_code == 422 and "end" in json.dumps(late.json())
    made = planner.post(
        api,
        {"name_en": "Active", "start": ahead(32).isoformat(), "end": ahead(34).isoformat()},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["name_en"] == "Active"
    shown = planner.get(f"/api/v1/forces/trainings/{training.pk}").json()["phases"]
    assert [p["name_en"] for p in shown] == ["Preparation", "Active"]
    calendar = planner.get(f"/forces/trainings/calendar/?year={training.year}").content.decode()
    assert "Preparation" in calendar and "Active" in calendar
    reader = client_of(make_user("phase-reader", "reader"))
    assert reader.post(api, {"name_en": "X"}, content_type="application/json").status_code == 403
    assert training.phases.count() == 2


def test_withdrawing_on_the_page_own_state_for_a_liaison_officer_any_for_a_planner():
    training = planned()
    for code in ("KAZ", "ARM"):
        services.join(training, State.objects.get(code=code), actor=ACTOR)
    officer = client_of(make_user("kaz-withdraw", "liaison-officer", state="KAZ"))
    page = officer.get(f"/forces/trainings/{training.pk}/").content.decode()
    assert 'id="withdraw-KAZ"' in page and 'id="withdraw-ARM"' not in page
    address = f"/forces/trainings/{training.pk}/withdraw/"
    assert officer.post(address, {"state": "ARM", "reason": "x"}).status_code == 422
    no_reason = officer.post(address, {"state": "KAZ", "reason": ""})
    assert no_reason.status_code == 422 and training.participants.count() == 2
    assert officer.post(address, {"state": "KAZ", "reason": "units needed at home"}).status_code == 302
    assert list(training.participants.values_list("state__code", flat=True)) == ["ARM"]
    assert ChangeRecord.objects.filter(reason="units needed at home").exists()
    planner = client_of(make_user("withdraw-planner", "secretariat-officer"))
    assert 'id="withdraw-ARM"' in planner.get(f"/forces/trainings/{training.pk}/").content.decode()
    assert planner.post(address, {"state": "ARM", "reason": "not ready"}).status_code == 302
    assert not training.participants.exists()


def plan_cell(page: str, name: str) -> str:
    """The last cell (the plan on the date) of the list row of a training."""
    row = re.search(rf"<tr><td><a [^>]*>{re.escape(name)}</a>.*?</tr>", page, re.S)
    assert row, name
    return re.findall(r"<td>(.*?)</td>", row.group(0), re.S)[-1]


def test_the_list_shows_the_old_host_before_a_relocation_and_the_new_after():
    training = planned("Moved-test")
    TrainingChange.objects.filter(training=training).update(effective=datetime.date(2030, 1, 1))
    services.relocate(training, State.objects.get(code="BLR"), actor=ACTOR, reason="asked")
    TrainingChange.objects.filter(training=training, kind="relocated").update(
        effective=datetime.date(2030, 5, 1)
    )
    client = Client()
    before = client.get(f"/forces/trainings/?year={training.year}&on=2030-04-01").content.decode()
    after = client.get(f"/forces/trainings/?year={training.year}&on=2030-06-01").content.decode()
    assert "Kazakhstan" in plan_cell(before, "Moved-test") and "Belarus" not in plan_cell(
        before, "Moved-test"
    )
    assert "Belarus" in plan_cell(after, "Moved-test") and "planned" in plan_cell(after, "Moved-test")


def test_2020_on_the_first_of_june_in_russian_reads_as_a_plan_with_postponement_possible():
    client = Client()
    client.post("/i18n/setlang/", {"language": "ru"})
    page = client.get("/forces/trainings/?year=2020&on=2020-06-01").content.decode()
    assert "возможен перенос" in page and "запланировано" in plan_cell(page, "Поиск-2020")
    assert "Армения" in plan_cell(page, "Поиск-2020") and "planned" not in plan_cell(page, "Поиск-2020")
    english = Client().get("/forces/trainings/?year=2020&on=2020-06-01").content.decode()
    assert "planned; 2020-09 – 2020-10; Armenia" in plan_cell(english, "Search-2020")
    with translation.override("ru"):
        section = year_section(SYSTEM_USER, 2020)
        kinds = {str(row[1].text) for row in section.tables[-1].rows}
    assert kinds == {"возможен перенос"}


def test_an_edit_is_listed_among_the_years_changes_in_the_report():
    training = planned()
    edit_plan(training, actor=ACTOR, reason="exact days", start=ahead(31), end=ahead(33))
    rows = year_section(SYSTEM_USER, training.year).tables[-1].rows
    assert any(row[0].text == "Cobalt-test" and row[3].text == "exact days" for row in rows)


def test_a_new_start_alone_keeps_the_length_and_a_month_plan_needs_both_dates():
    training = planned(start=30, length=4)
    edit_plan(training, actor=ACTOR, reason="two days later", start=ahead(32))
    training.refresh_from_db()
    assert (training.planned_start, training.planned_end) == (ahead(32), ahead(36))
    kazan = Training.objects.get(key="indestructible-brotherhood-2021")
    with pytest.raises(services.TrainingError) as refused:
        edit_plan(kazan, actor=ACTOR, reason="the day is known", start=datetime.date(2021, 11, 3))
    assert refused.value.field == "end"
    edit_plan(
        kazan,
        actor=ACTOR,
        reason="Russian name",
        texts={"name_ru": "Нерушимое братство-2021 (Казань)"},
        start=kazan.planned_start,
        end=kazan.planned_end,
    )
    kazan.refresh_from_db()
    assert kazan.planned_precision == "month" and kazan.planned_shown == "2021-11"
