"""The formations file: the CSTO's formations load with their sources, a reload changes nothing and
keeps what a user recorded, and a bad file is refused whole with its line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.audit import Actor, save_with_record
from accord.core.models import ChangeRecord
from accord.forces.formations_file import load_formations
from accord.forces.loaders import ForcesFileError, forces_directory
from accord.forces.models import Formation

SHIPPED = forces_directory("csto") / "formations.yaml"
ACTOR = Actor.system("tests")
pytestmark = pytest.mark.django_db


def test_the_csto_formations_are_loaded_with_both_names_and_sources():
    crrf = Formation.objects.get(key="crrf")
    assert (crrf.short_en, crrf.short_ru, crrf.formed.year) == ("CRRF", "КСОР", 2009)
    assert crrf.source_keys == ["seed-000", "seed-002"]
    assert Formation.objects.get(key="crdf-car").region.key == "central-asian"
    air_defence = Formation.objects.get(key="unified-regional-air-defence")
    assert air_defence.parent.key == "rus-blr-regional-group"
    assert all(formation.name_ru and formation.source_keys for formation in Formation.objects.all())


def test_a_reload_changes_nothing():
    before = ChangeRecord.objects.count()
    report = load_formations(SHIPPED, actor=ACTOR)
    assert report.changes == 0 and ChangeRecord.objects.count() == before


def test_a_reload_keeps_what_a_user_changed():
    crrf = Formation.objects.get(key="crrf")
    save_with_record(
        crrf, actor=ACTOR, reason="renamed by the Joint Staff", fields={"purpose_en": "Recorded."}
    )
    load_formations(SHIPPED, actor=ACTOR)
    assert Formation.objects.get(key="crrf").purpose_en == "Recorded."


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "formations.yaml"
    path.write_text(text, encoding="utf-8")
    return path


FORMATION = """formations:
  - key: test-force
    name: {en: Test force, ru: Тестовые силы}
    kind: peacekeeping
    sources: [seed-002]
"""


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (("kind: peacekeeping", "kind: navy"), 4, "formations[0].kind", "is not allowed"),
        (("ru: Тестовые силы", "ru: ''"), 3, "formations[0].name.ru", "at least 1 character"),
        (("sources: [seed-002]", "sources: [no-such]"), 5, "formations[0].sources[0]", "unknown source"),
        (
            ("kind: peacekeeping", "kind: peacekeeping\n    region: mars"),
            5,
            "formations[0].region",
            "unknown region",
        ),
        (
            ("kind: peacekeeping", "kind: peacekeeping\n    part_of: test-force"),
            5,
            "formations[0].part_of",
            "unknown",
        ),
    ],
)
def test_a_bad_file_is_refused_with_line_and_field_and_nothing_is_written(
    tmp_path, change, line, field, message
):
    path = write(tmp_path, FORMATION.replace(*change))
    with pytest.raises(ForcesFileError) as refused:
        load_formations(path, actor=ACTOR)
    problem = refused.value.problems[0]
    assert (problem.line, problem.field) == (line, field) and message in problem.message
    assert not Formation.objects.filter(key="test-force").exists()


def test_parts_in_a_loop_are_refused(tmp_path):
    looped = (
        FORMATION
        + """  - key: other-force
    name: {en: Other force, ru: Другие силы}
    kind: aviation
    part_of: third-force
    sources: [seed-002]
  - key: third-force
    name: {en: Third force, ru: Третьи силы}
    kind: aviation
    part_of: other-force
    sources: [seed-002]
"""
    )
    with pytest.raises(ForcesFileError) as refused:
        load_formations(write(tmp_path, looped), actor=ACTOR)
    assert {problem.field for problem in refused.value.problems} == {
        "formations[1].part_of",
        "formations[2].part_of",
    }


def test_a_file_of_ones_own_adds_formations_without_touching_the_shipped_ones(tmp_path):
    own = tmp_path / "formations-own.yaml"
    own.write_text(FORMATION, encoding="utf-8")
    load_formations(own, actor=ACTOR)
    assert Formation.objects.filter(key="test-force").exists()
    assert Formation.objects.filter(key="crrf").exists()
