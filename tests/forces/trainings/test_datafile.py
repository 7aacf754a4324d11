"""The trainings file: the CSTO's 2019–2021 trainings load with their sources and history, dates only
as precise as the sources, a reload changes nothing and keeps what users recorded, and a bad file is
refused whole with its line and field."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from accord.core.models import ChangeRecord
from accord.forces.loaders import FILES, ForcesFileError, forces_directory
from accord.forces.models import Training, TrainingChange, TrainingYear
from accord.forces.trainings import services
from accord.forces.trainings.datafile import load_trainings
from tests.forces.trainings.helpers import ACTOR

SHIPPED = forces_directory("csto") / "trainings.yaml"
pytestmark = pytest.mark.django_db


def test_the_trainings_file_loads_after_the_formations():
    names = [kind.name for kind in FILES]
    assert names.index("trainings.yaml") > names.index("formations.yaml")


def test_2019_was_held_with_a_year_total_not_split():
    trainings = Training.objects.filter(year=2019)
    assert trainings.count() == 5 and {t.status for t in trainings} == {"held"}
    assert all(t.personnel is None for t in trainings), "the year's figure is never split"
    year = TrainingYear.objects.get(year=2019)
    assert (year.personnel, year.personnel_about, year.source_keys) == (12000, True, ["seed-002"])
    brotherhood = Training.objects.get(key="indestructible-brotherhood-2019")
    assert (brotherhood.held_start, brotherhood.held_precision) == (datetime.date(2019, 10, 1), "month")
    assert (
        brotherhood.held_shown == "2019-10" and "seed-003" in brotherhood.changes.get(kind="held").source_keys
    )
    assert brotherhood.within.key == "combat-brotherhood-2019"


def test_2020_plan_with_the_pandemic_said_not_decided():
    trainings = {t.key: t for t in Training.objects.filter(year=2020)}
    assert set(trainings) == {
        "interaction-2020",
        "search-2020",
        "indestructible-brotherhood-2020",
        "cobalt-2020",
    }
    assert trainings["search-2020"].host.code == "ARM" and trainings["cobalt-2020"].host.code == "TJK"
    assert trainings["interaction-2020"].host is None, "the sources do not say where"
    for training in trainings.values():
        assert training.status == "planned" and training.planned_shown == "2020-09 – 2020-10"
        risk = training.changes.get(kind="at-risk")
        assert risk.source_keys == ["seed-002"] and "No postponement was decided" in risk.reason_en
    assert TrainingYear.objects.get(year=2020).planned_count == 8


def test_2021_in_kazan_known_to_the_month():
    training = Training.objects.get(key="indestructible-brotherhood-2021")
    assert (training.host.code, training.place_ru, training.planned_shown) == ("RUS", "Казань", "2021-11")
    assert "OSCE" in training.note_en and training.source_keys == ["seed-004"]


def test_a_reload_changes_nothing_and_keeps_what_users_recorded():
    training = Training.objects.get(key="search-2020")
    services.postpone(training, actor=ACTOR, reason="recorded by the Joint Staff")
    before = ChangeRecord.objects.count()
    load_trainings(SHIPPED, actor=ACTOR)
    training.refresh_from_db()
    assert training.status == "postponed"
    assert training.changes.filter(reason_en="recorded by the Joint Staff").exists()
    assert TrainingChange.objects.filter(training=training, kind="at-risk").count() == 1
    assert ChangeRecord.objects.count() - before <= 1  # at most the conflict's note, never a deletion


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "trainings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "series:\n  - {key: x, name: {en: X, ru: Х}, formation: nope, sources: [seed-002]}\n",
            "series[0].formation",
        ),
        (
            "series:\n  - {key: x, name: {en: X, ru: Х}, sources: [seed-002]}\ntrainings:\n"
            "  - {key: t, series: x, name: {en: T, ru: Т}, year: 2020, planned_on: 2020, host: ZZZ,"
            " sources: [seed-002]}\n",
            "trainings[0].host",
        ),
        (
            "series:\n  - {key: x, name: {en: X, ru: Х}, sources: [seed-002]}\ntrainings:\n"
            "  - {key: t, series: x, name: {en: T, ru: Т}, year: 2020, planned_on: 2020-13-01,"
            " sources: [seed-002]}\n",
            "trainings[0].planned_on",
        ),
        (
            "series:\n  - {key: x, name: {en: X, ru: Х}, sources: [seed-002]}\ntrainings:\n"
            "  - key: t\n    series: x\n    name: {en: T, ru: Т}\n    year: 2020\n    planned_on: 2020\n"
            "    history:\n      - {key: p, kind: postponed, on: 2020-05, sources: [seed-002]}\n"
            "    sources: [seed-002]\n",
            "trainings[0].history[0].reason",
        ),
        ("years:\n  - {year: 2020, personnel: 5, sources: [nowhere]}\n", "years[0].sources[0]"),
    ],
)
def test_a_bad_file_is_refused_whole_with_line_and_field(tmp_path, text, field):
    count = Training.objects.count()
    with pytest.raises(ForcesFileError) as refused:
        load_trainings(write(tmp_path, text), actor=ACTOR)
    assert field in str(refused.value) and "trainings.yaml:" in str(refused.value)
    assert Training.objects.count() == count
