"""The operations file: the shipped CSTO file loads (2019–2021, sources), a bad file is refused whole
with its line and field, and a reload keeps what users recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.charter.models import State
from accord.core.audit import Actor
from accord.forces.loaders import forces_directory
from accord.forces.models import Operation, OperationParticipant, OperationResult
from accord.forces.operations.loader import OperationsFileError, load_operations
from accord.forces.operations.services import record_result

SHIPPED = forces_directory("csto") / "operations.yaml"
ACTOR = Actor.system("test")


@pytest.mark.django_db
def test_the_shipped_file_holds_the_briefs_operations_with_sources():
    years = set(Operation.objects.values_list("year", flat=True))
    assert years == {2019, 2020, 2021}
    mercenary = Operation.objects.get(key="mercenary-2019")
    result = OperationResult.objects.get(operation=mercenary, indicator__key="accomplices-identified")
    assert (result.value, result.qualifier, result.source, result.unit) == (
        600,
        "about",
        "seed-001",
        "people",
    )
    channels = OperationResult.objects.get(operation__key="illegal-2019")
    assert (channels.value, channels.qualifier, channels.source) == (30, "more-than", "seed-001")
    assert all(item.source_keys for item in Operation.objects.all())
    assert set(OperationParticipant.objects.values_list("capacity", flat=True)) == {"participant"}


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "operations.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ("indicator: accomplices-identified", "indicator: websites-blocked", "indicator", "not an indicator"),
        (
            "По данным национальных штабов",
            "По данным Иванова И.И. и национальных штабов",
            "note.ru",
            "names no one",
        ),
        (
            "            As reported by the national staffs",
            "            As said by Ivanov I.",
            "note.en",
            "names no one",
        ),
        ("{state: ARM}, {state: BLR}", "{state: UZB}, {state: BLR}", "state", "cannot take part"),
        ("source: seed-001", "source: seed-999", "source", "unknown source"),
        ("value: 600", "value: -1", "value", "greater than or equal"),
        ("    year: 2019\n", "    year: 2019\n    commander: X\n", "commander", "unknown field"),
    ],
)
def test_a_bad_file_is_refused_whole_with_line_and_field(tmp_path, old, new, field, says):
    path = edited(tmp_path, old, new)
    before = OperationResult.objects.count()
    with pytest.raises(OperationsFileError) as refused:
        load_operations(path, actor=ACTOR)
    problem = refused.value.problems[0]
    assert problem.line > 0 and field in problem.field and says in problem.message
    assert OperationResult.objects.count() == before


@pytest.mark.django_db
def test_a_reload_keeps_a_recorded_result():
    operation = Operation.objects.get(key="mercenary-2019")
    recorded = record_result(
        operation,
        phase="main",
        state=State.objects.get(code="KAZ"),
        indicator="financing-facts-revealed",
        value=4,
        source="seed-001",
        actor=ACTOR,
    )
    report = load_operations(SHIPPED, actor=ACTOR)
    assert OperationResult.objects.filter(pk=recorded.pk).exists()
    assert report.changes == 0


@pytest.mark.django_db
def test_a_states_public_result_in_the_file_feeds_the_series_and_leaves_with_it(tmp_path):
    from accord.crisis.models import SeriesPoint

    added = (
        "    results:\n"
        "      - phase: main\n"
        "        state: KAZ\n"
        "        indicator: financing-facts-revealed\n"
        "        value: 3\n"
        "        source: seed-001\n"
        "        classification: PUBLIC\n"
        "        releasability: everyone\n"
        "      - phase: main\n"
        "        indicator: accomplices-identified\n"
    )
    path = edited(
        tmp_path, "    results:\n      - phase: main\n        indicator: accomplices-identified\n", added
    )
    load_operations(path, actor=ACTOR)
    point = SeriesPoint.objects.get(series__key="operations.mercenary.financing-facts-revealed")
    assert (point.series.country, point.value) == ("KAZ", 3)
    report = load_operations(SHIPPED, actor=ACTOR)
    assert not OperationResult.objects.filter(state__code="KAZ").exists(), report
    assert not SeriesPoint.objects.filter(
        series__key="operations.mercenary.financing-facts-revealed"
    ).exists()
