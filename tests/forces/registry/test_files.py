"""The registry's data files: what the sources support is loaded with its sources (no invented
figures), a reload changes nothing and keeps what users recorded, a bad file is refused whole with
its line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.audit import save_with_record
from accord.core.models import ChangeRecord
from accord.forces.loaders import FILES, ForcesFileError, forces_directory, load_forces
from accord.forces.models import (
    Agreement,
    Contribution,
    JointEvent,
    PartnerOrganization,
    PersonnelTraining,
    ReadinessReport,
)
from accord.forces.registry.files import load_contributions, load_cooperation, load_personnel
from tests.forces.registry.helpers import SYSTEM, contribution, rate

pytestmark = pytest.mark.django_db
FOLDER = forces_directory("csto")


def test_the_files_load_in_order_after_the_formations():
    assert [kind.name for kind in FILES][:4] == [
        "formations.yaml",
        "contributions.yaml",
        "cooperation.yaml",
        "personnel.yaml",
    ]


def test_the_kant_air_base_is_russias_contribution_to_the_crdf_car_with_unknown_strength():
    kant = Contribution.objects.get(key="rus-kant-air-base-crdf-car")
    assert (kant.formation.key, kant.state.code, kant.unit_type) == ("crdf-car", "RUS", "air-base")
    assert (kant.personnel, kant.equipment, kant.valid_from) == (None, None, None)
    assert kant.source_keys == ["seed-002"] and kant.description_ru
    assert not ReadinessReport.objects.filter(contribution=kant).exists()  # no invented readiness


def test_the_partners_and_events_the_sources_name_and_no_agreement():
    keys = set(PartnerOrganization.objects.values_list("key", flat=True))
    assert {"un", "osce", "osce-secretariat", "cis", "cis-atc", "sco", "sco-rats", "icrc"} <= keys
    assert PartnerOrganization.objects.get(key="sco-rats").parent.key == "sco"
    assert not Agreement.objects.exists()
    kazan = JointEvent.objects.get(key="osce-observers-indestructible-brotherhood-2021")
    assert (kazan.date.year, kazan.date.month, kazan.date_precision) == (2021, 11, "month")
    assert [o.key for o in kazan.organizations.all()] == ["osce-secretariat"]
    assert all(event.source_keys for event in JointEvent.objects.filter(key__isnull=False))


def test_the_yearly_1500_is_an_approximate_2020_total_not_split():
    row = PersonnelTraining.objects.get(key="russian-universities-2020")
    assert (row.year, row.state, row.field, row.places_used, row.places_offered) == (
        2020,
        None,
        "",
        1500,
        None,
    )
    assert row.approximate and row.source_keys == ["seed-002"]


def test_a_reload_changes_nothing_and_keeps_user_records():
    mine = contribution()
    report = rate(mine, mine.valid_from)
    kant = Contribution.objects.get(key="rus-kant-air-base-crdf-car")
    save_with_record(kant, actor=SYSTEM, reason="strength reported", fields={"personnel": 400})
    before = ChangeRecord.objects.count()
    for path, sync in load_forces("csto", actor=SYSTEM):
        assert sync.changes == 0, path
    assert ChangeRecord.objects.count() == before
    assert Contribution.objects.filter(pk=mine.pk).exists()
    assert ReadinessReport.objects.filter(pk=report.pk).exists()
    assert Contribution.objects.get(pk=kant.pk).personnel == 400


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("loader", "name", "text", "where"),
    [
        (
            load_contributions,
            "contributions.yaml",
            "contributions:\n  - key: x\n    formation: nope\n    state: RUS\n    unit_type: air-base\n"
            "    sources: [seed-002]\n",
            ":3: contributions[0].formation",
        ),
        (
            load_contributions,
            "contributions.yaml",
            "contributions:\n  - key: x\n    formation: crrf\n    state: RUS\n    unit_type: air-base\n"
            "    personnel: -3\n    sources: [seed-002]\n",
            ":6: contributions[0].personnel",
        ),
        (
            load_cooperation,
            "cooperation.yaml",
            "organizations:\n  - key: x\n    name: {en: X, ru: Х}\n    kind: regional\n"
            "    note: {en: Ivan Petrov and Sergei Ivanov, ru: Нет}\n    sources: [seed-002]\n",
            "organizations[0].note.en",
        ),
        (
            load_cooperation,
            "cooperation.yaml",
            "events:\n  - key: e\n    organizations: [nobody]\n    title: {en: E, ru: Е}\n    kind: meeting\n"
            "    status: held\n    sources: [seed-004]\n",
            "events[0].organizations[0]",
        ),
        (
            load_personnel,
            "personnel.yaml",
            "training:\n  - key: t\n    year: 2020\n    institution: {en: U, ru: У}\n    places_offered: 10\n"
            "    places_used: 20\n    sources: [seed-002]\n",
            "training[0].places_used",
        ),
        (
            load_personnel,
            "personnel.yaml",
            "training:\n  - key: t\n    year: 2020\n    institution: {en: U, ru: У}\n    sources: [nowhere]\n",
            "training[0].sources[0]",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_with_its_line_and_field(tmp_path, loader, name, text, where):
    before = ChangeRecord.objects.count()
    with pytest.raises(ForcesFileError) as refused:
        loader(write(tmp_path, name, text), actor=SYSTEM)
    assert where in str(refused.value)
    assert ChangeRecord.objects.count() == before
