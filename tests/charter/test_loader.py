"""Loading charter files: errors name file, line and field; nothing is half-written; reloads are exact."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accord.charter.instrument_changes import record_ratification
from accord.charter.loader import CharterFileError, load_charter, read_charter, resolve_charter_path
from accord.charter.models import (
    Appointment,
    Chairmanship,
    DiplomaticRelation,
    InstrumentParticipant,
    State,
    StateStatus,
)
from accord.charter.services import ServiceError
from accord.core.models import ChangeRecord, FileRow
from tests.core import hostile

CSTO = resolve_charter_path("csto")
CSTO_TEXT = CSTO.read_text(encoding="utf-8")


def database_state() -> dict[str, list]:
    """Every row of every Accord table, to prove a failed load changed nothing."""
    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in {"core", "charter", "accounts"}:
            tables[model._meta.label] = list(model.objects.order_by("pk").values())
    return tables


def write(tmp_path: Path, text: str, name: str = "charter.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CharterFileError) as caught:
        read_charter(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_shipped_charter_is_valid():
    spec = read_charter(CSTO)
    assert spec.organization.key == "csto"
    assert {state.code for state in spec.states} >= {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}


def test_every_csto_fact_cites_a_seed_source():
    spec = read_charter(CSTO)
    sections = [
        spec.states,
        spec.statuses,
        spec.bodies,
        spec.posts,
        spec.appointments,
        spec.instruments,
        spec.chairmanship.recorded,
        spec.rotations,
        spec.regions,
    ]
    for section in sections:
        for item in section:
            assert item.sources, f"{item} cites no source"
            assert all(key.startswith("seed-00") for key in item.sources)


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = CSTO_TEXT.replace("  key: csto\n", "  key: [csto\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert "not valid YAML" in problem


def test_unknown_field_names_line_and_field(tmp_path):
    text = CSTO_TEXT.replace("    term_years: 3\n", "    term_years: 3\n    term_yeras: 4\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert (
        problem
        == f"{path}:{line_of(text, 'term_yeras')}: rotations[1].term_yeras: unknown field (check its spelling against the file format)"
    )


def test_bad_date_names_line_field_and_forms(tmp_path):
    text = CSTO_TEXT.replace("    from: 2020-01-01\n", "    from: 01.01.2020\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, '01.01.2020')}: appointments[2].from: ")
    assert "date" in problem


def test_bad_fuzzy_date_explains_the_accepted_forms(tmp_path):
    text = CSTO_TEXT.replace(
        "ratified: by 2020-05-15, sources: [seed-002]}\n      - {state: BLR",
        "ratified: soon, sources: [seed-002]}\n      - {state: BLR",
        1,
    )
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert f":{line_of(text, 'ratified: soon')}: instruments[1].participants[0].ratified: " in problem
    assert (
        "expected YYYY-MM-DD, YYYY-MM, YYYY, 'by YYYY-MM-DD' or 'between YYYY-MM-DD and YYYY-MM-DD'"
        in problem
    )


def test_missing_required_field(tmp_path):
    text = CSTO_TEXT.replace("    decision_rule: none\n    established: 2004\n", "    established: 2004\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert "bodies[7].decision_rule: required field is missing" in problem


def test_unknown_state_and_unknown_source(tmp_path):
    text = CSTO_TEXT.replace(
        "{year: 2020, state: RUS, sources: [seed-002, seed-004]}",
        "{year: 2020, state: RUX, sources: [seed-099, seed-004]}",
    )
    path = write(tmp_path, text)
    problems = problems_of(path)
    line = line_of(text, "state: RUX")
    assert (
        f"{path}:{line}: chairmanship.recorded[2].sources[0]: source 'seed-099' is not defined in the file's sources"
        in problems
    )
    assert any(
        problem.startswith(f"{path}:{line}: chairmanship.recorded[2].state: unknown state 'RUX'")
        for problem in problems
    )


def test_invalid_state_code_format(tmp_path):
    text = CSTO_TEXT.replace("- {code: ARM,", "- {code: Armenia,")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert "states[0].code" in problem and "should match pattern" in problem


def test_overlapping_statuses_are_refused(tmp_path):
    text = CSTO_TEXT.replace(
        "  - {state: UZB, status: member, until: 2012, sources: [seed-002, seed-003]}",
        "  - {state: UZB, status: member, until: 2013, sources: [seed-002, seed-003]}",
    )
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert "UZB's suspended status overlaps its member status" in problem


def test_duplicate_keys_are_refused(tmp_path):
    text = CSTO_TEXT.replace("  key: csto\n", "  key: csto\n  key: csto2\n")
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert (
        problem
        == f"{path}:{line_of(text, 'key: csto2')}: organization.key: this key appears twice in the same section"
    )


def test_missing_file_and_empty_file(tmp_path):
    assert problems_of(tmp_path / "nope.yaml") == [
        f"{tmp_path / 'nope.yaml'}: no such file (name a shipped charter such as 'csto', or a YAML file)"
    ]
    assert problems_of(write(tmp_path, "")) == [f"{tmp_path / 'charter.yaml'}:1: the file is empty"]


@pytest.mark.django_db
def test_a_bad_file_changes_nothing_in_the_database(tmp_path, actor):
    before = database_state()
    broken = (
        CSTO_TEXT.replace("note: Left the post early", "note: Left the post early")
        .replace(
            "    - {year: 2021, state: TJK, sources: [seed-004]}",
            "    - {year: 2021, state: TJK, sources: [seed-004]}\n    - {year: 2022, state: XXX}",
        )
        .replace("Stanislav Zas", "S. Zas")
    )
    with pytest.raises(CharterFileError):
        load_charter(write(tmp_path, broken), actor=actor)
    assert database_state() == before


@pytest.mark.django_db
def test_loading_the_same_file_again_changes_nothing(actor):
    records = ChangeRecord.objects.count()
    report = load_charter(CSTO, actor=actor)
    assert not report.changed
    assert ChangeRecord.objects.count() == records


@pytest.mark.django_db
def test_an_edited_file_updates_what_changed_and_records_it(tmp_path, actor):
    edited = CSTO_TEXT.replace(
        "    - {year: 2021, state: TJK, sources: [seed-004]}",
        "    - {year: 2021, state: TJK, sources: [seed-004]}\n    - {year: 2022, state: ARM, sources: [seed-004]}",
    ).replace(
        "    note: Deputy Secretary General, acting Secretary General for over a year.",
        "    note: Acted for over a year.",
    )
    first_new_record = ChangeRecord.objects.order_by("-id").first().id
    report = load_charter(write(tmp_path, edited, "csto-edited.yaml"), actor=actor)
    assert report.summary() == {"created": {"chairmanship": 1}, "updated": {"appointment": 1}, "deleted": {}}
    assert Chairmanship.objects.get(year=2022).state.code == "ARM"
    changes = ChangeRecord.objects.filter(id__gt=first_new_record).order_by("id")
    assert [(change.action, change.object_type) for change in changes] == [
        ("update", "charter.appointment"),
        ("create", "charter.chairmanship"),
    ]
    update = changes[0]
    assert update.before["note"].startswith("Deputy Secretary General")
    assert update.after["note"] == "Acted for over a year."
    assert update.actor_name == "system:tests"
    assert update.reason == "charter file csto-edited.yaml"


@pytest.mark.django_db
def test_an_entry_removed_from_the_file_is_deleted_and_recorded(tmp_path, actor):
    edited = CSTO_TEXT.replace("    - {year: 2021, state: TJK, sources: [seed-004]}\n", "")
    report = load_charter(write(tmp_path, edited), actor=actor)
    assert report.summary()["deleted"] == {"chairmanship": 1}
    assert not Chairmanship.objects.filter(year=2021).exists()
    last = ChangeRecord.objects.order_by("-id").first()
    assert last.action == "delete" and last.before["year"] == 2021 and last.after is None
    assert last.reason == "charter file charter.yaml"


@pytest.mark.django_db
def test_a_changed_status_start_replaces_the_interval(tmp_path, actor):
    edited = CSTO_TEXT.replace(
        "{state: ARM, status: member, from: 2002-05-15", "{state: ARM, status: member, from: 2002-10-07"
    )
    report = load_charter(write(tmp_path, edited), actor=actor)
    assert report.summary()["created"] == {"statestatus": 1}
    assert report.summary()["deleted"] == {"statestatus": 1}
    assert StateStatus.objects.get(state__code="ARM").valid_from.isoformat() == "2002-10-07"


@pytest.mark.django_db
def test_another_organization_needs_another_database(tmp_path, actor):
    other = CSTO_TEXT.replace("  key: csto\n", "  key: other\n", 1)
    with pytest.raises(ServiceError, match="this database holds the charter of 'csto'"):
        load_charter(write(tmp_path, other), actor=actor)


@pytest.mark.django_db
def test_appointments_of_a_removed_post_go_with_it(tmp_path, actor):
    start = CSTO_TEXT.index("  - post: secretary-general\n    person: {en: Yuri")
    end = CSTO_TEXT.index("criteria:")
    edited = CSTO_TEXT[:start] + "\n" + CSTO_TEXT[end:]
    edited = edited.replace("appointments:\n\n", "appointments: []\n\n")
    load_charter(write(tmp_path, edited), actor=actor)
    assert Appointment.objects.count() == 0


def load_command(*arguments: str) -> tuple[str, str]:
    """Run ``accord load-charter`` as ``accord setup`` does; its standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    call_command("load_charter", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_an_appointment_recorded_with_accord_appoint_survives_the_charter_load():
    """Loading the charter again used to delete the appointment without a word."""
    call_command(
        "appoint",
        "secretary-general",
        "Imangali Tasmagambetov",
        "--state",
        "KAZ",
        "--from",
        "2023-01-01",
        "--source",
        "CSTO press release of 1 January 2023",
        stdout=io.StringIO(),
    )
    out, err = load_command("csto")
    assert "nothing changed" in out and err == ""
    appointment = Appointment.objects.get(person_en="Imangali Tasmagambetov")
    assert (appointment.state.code, appointment.valid_from.isoformat()) == ("KAZ", "2023-01-01")
    zas = Appointment.objects.get(person_en="Stanislav Zas")
    assert zas.valid_to.isoformat() == "2023-01-01", "the term the appointment ended stays ended"


@pytest.mark.django_db
def test_recorded_ratifications_and_relations_survive_the_charter_load():
    for arguments in (
        ("ratify", "partners-observers", "UZB", "--on", "2022-03-01", "--source", "A news report"),
        ("ratify", "partners-observers", "TJK", "--on", "2021-06-30", "--source", "Tajik law of 2021"),
        ("relation", "ARM", "KAZ", "--since", "1992-08-27", "--source", "Foreign ministry list"),
    ):
        call_command(*arguments, stdout=io.StringIO())
    out, err = load_command("csto")
    assert "nothing changed" in out and err == ""
    participants = InstrumentParticipant.objects.filter(instrument__key="partners-observers")
    assert participants.get(state__code="UZB").ratified_on.isoformat() == "2022-03-01"
    assert participants.get(state__code="TJK").ratified_on.isoformat() == "2021-06-30"
    relation = DiplomaticRelation.objects.get(state_a__code="ARM", state_b__code="KAZ")
    assert relation.established_on.isoformat() == "1992-08-27"


@pytest.mark.django_db
def test_a_file_row_that_contradicts_a_recorded_one_is_reported_and_the_record_kept(tmp_path):
    call_command(
        "relation", "ARM", "KAZ", "--since", "1992-08-27", "--source", "Ministry", stdout=io.StringIO()
    )
    edited = CSTO_TEXT.replace(
        "relations: []", "relations:\n  - {states: [KAZ, ARM], established: 1992-08-28, sources: [seed-000]}"
    )
    records = ChangeRecord.objects.count()
    out, err = load_command(str(write(tmp_path, edited)))
    assert "nothing changed" in out
    assert "warning: 1 row(s) of the file disagree with what is recorded" in err
    line = line_of(edited, "  - {states: [KAZ, ARM]")
    assert f"charter.yaml:{line}: diplomatic relation ARM/KAZ: recorded in the database" in err
    assert "; last recorded by system:cli on " in err
    assert "established_on: file 1992-08-28, recorded 1992-08-27" in err
    assert ChangeRecord.objects.count() == records
    relation = DiplomaticRelation.objects.get(state_a__code="ARM", state_b__code="KAZ")
    assert relation.established_on.isoformat() == "1992-08-27"
    payload = json.loads(io_of("load_charter", str(write(tmp_path, edited)), "--json"))
    assert len(payload["conflicts"]) == 1


def io_of(*arguments: str) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_post_the_file_drops_stays_while_a_recorded_appointment_holds_it(tmp_path, actor):
    call_command(
        "appoint",
        "deputy-secretary-general",
        "A. Deputy",
        "--state",
        "ARM",
        "--from",
        "2021-01-01",
        stdout=io.StringIO(),
    )
    start = CSTO_TEXT.index("  - key: deputy-secretary-general\n")
    end = CSTO_TEXT.index("    sources: [seed-000]\n", start) + len("    sources: [seed-000]\n")
    report = load_charter(write(tmp_path, CSTO_TEXT[:start] + CSTO_TEXT[end:]), actor=actor)
    assert not report.deleted
    assert Appointment.objects.filter(person_en="A. Deputy").exists()
    [conflict] = report.conflicts
    assert str(conflict).startswith(
        "charter.yaml: post deputy-secretary-general: "
        "no longer in the file, but 1 recorded row(s) (appointment) refer to it; kept; last recorded by "
    )


@pytest.mark.django_db
def test_a_database_loaded_before_provenance_keeps_what_was_recorded_since(actor):
    """Upgrading: rows as loaded are adopted, the appointment recorded since stays, the ended term too."""
    call_command(
        "appoint",
        "secretary-general",
        "Imangali Tasmagambetov",
        "--state",
        "KAZ",
        "--from",
        "2023-01-01",
        stdout=io.StringIO(),
    )
    FileRow.objects.filter(file="charter:csto").delete()
    records = ChangeRecord.objects.count()
    report = load_charter(CSTO, actor=actor)
    assert not report.changed and ChangeRecord.objects.count() == records
    [conflict] = report.conflicts
    assert str(conflict).startswith(
        f"charter.yaml:{line_of(CSTO_TEXT, '    person: {en: Stanislav Zas') - 1}: "
        "appointment secretary-general/Stanislav Zas/2020-01-01: "
        "recorded in the database with other values than the file's; the recorded values are kept "
        "(valid_to: file None, recorded 2023-01-01); last recorded by system:cli on "
    )
    assert [(item.field, item.file, item.recorded) for item in conflict.differences] == [
        ("valid_to", None, datetime.date(2023, 1, 1))
    ]
    assert Appointment.objects.filter(person_en="Imangali Tasmagambetov").exists()
    assert FileRow.objects.filter(file="charter:csto", model="charter.chairmanship").count() == (
        Chairmanship.objects.count()
    ), "rows as loaded are the file's again"


@pytest.mark.django_db
def test_a_newer_file_on_a_database_loaded_before_provenance_updates_and_removes_its_own_rows(
    tmp_path, actor
):
    """Rows an earlier load wrote last are the file's as they stand: a newer file updates them,
    and the rows it dropped go, while a row a person changed since is kept and reported.
    """
    record_ratification(
        "partners-observers",
        State.objects.get(code="TJK"),
        datetime.date(2021, 6, 30),
        source="Tajik law of 2021",
        actor=actor,
    )
    FileRow.objects.filter(file="charter:csto").delete()
    newer = CSTO_TEXT.replace("    - {year: 2021, state: TJK, sources: [seed-004]}\n", "").replace(
        "    note: Deputy Secretary General, acting Secretary General for over a year.",
        "    note: Acted for over a year.",
    )
    newer = newer.replace(
        "      - state: TJK\n        ratified: between 2020-05-16 and 2021-12-31",
        "      - state: TJK\n        ratified: 2021",
    )
    report = load_charter(write(tmp_path, newer), actor=actor)
    assert report.summary() == {"created": {}, "updated": {"appointment": 1}, "deleted": {"chairmanship": 1}}
    assert not Chairmanship.objects.filter(year=2021).exists()
    assert Appointment.objects.get(person_en="Valery Semerikov").note == "Acted for over a year."
    [conflict] = report.conflicts
    assert str(conflict).startswith(
        f"charter.yaml:{line_of(newer, '      - state: TJK')}: "
        "participant in an instrument partners-observers/TJK: recorded in the database"
    )
    participant = InstrumentParticipant.objects.get(instrument__key="partners-observers", state__code="TJK")
    assert participant.ratified_on == datetime.date(2021, 6, 30)


def test_a_body_under_itself_is_refused(tmp_path):
    text = CSTO_TEXT.replace(
        "    decision_rule: consensus\n    sources: [seed-002, seed-003]\n",
        "    decision_rule: consensus\n    under: cmfa\n    sources: [seed-002, seed-003]\n",
    ).replace(
        "    decision_rule: consensus\n    sources: [seed-002, seed-004]\n",
        "    decision_rule: consensus\n    under: csc\n    sources: [seed-002, seed-004]\n",
    )
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{line_of(text, 'under: cmfa')}: bodies[0].under: csc would be under itself",
        f"{path}:{line_of(text, 'under: csc')}: bodies[1].under: cmfa would be under itself",
    ]


READ_CHARTER = """
from pathlib import Path
from accord.charter.loader import CharterFileError, read_charter
started = time.monotonic()
try:
    read_charter(Path(sys.argv[1]))
    problems = []
except CharterFileError as error:
    problems = [str(problem) for problem in error.problems]
print(json.dumps({"seconds": time.monotonic() - started, "problems": problems}))
"""


def test_a_billion_laughs_charter_is_refused_in_well_under_a_second(tmp_path):
    """Today's loader expands the aliases (gigabytes, minutes): run it apart, with a time and memory
    limit, so that it fails this test instead of the machine.
    """
    path = write(tmp_path, hostile.billion_laughs_yaml())
    outcome = hostile.run_limited(READ_CHARTER, str(path), timeout=60)
    assert outcome["problems"] == [f"{path}:1: anchors (&a) are not accepted: write the value out"]
    assert outcome["seconds"] < 5, "refused before anything is expanded (expanding takes minutes)"


def test_a_charter_may_not_use_aliases_even_small_ones(tmp_path):
    text = CSTO_TEXT.replace("  key: csto\n", "  key: &k csto\n", 1)
    assert problems_of(write(tmp_path, text)) == [
        f"{tmp_path / 'charter.yaml'}:{line_of(text, '&k')}: anchors (&k) are not accepted: write the value out"
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda folder: hostile.binary_file(folder, "charter.yaml"),
            ":1: holds a NUL byte: a binary file, not text",
        ),
        (
            lambda folder: hostile.utf16_file(folder, "charter.yaml", CSTO_TEXT),
            ":1: is UTF-16 or UTF-32 text: save it as UTF-8",
        ),
        (
            lambda folder: hostile.latin1_file(folder, "charter.yaml", "organization:\n  key: café\n"),
            ":2: byte 0xe9 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8",
        ),
        (
            lambda folder: hostile.oversized_file(folder, "charter.yaml", 50 * 1024 * 1024),
            ": 52,428,800 bytes is more than a YAML data file may have (4,194,304 bytes): refused unread",
        ),
        (
            lambda folder: write(folder, hostile.deeply_nested_yaml()),
            ":1: nested more than 20 levels deep",
        ),
    ],
)
def test_hostile_files_are_refused_with_file_and_line(tmp_path, make, expected):
    path = make(tmp_path)
    assert problems_of(path) == [f"{path}{expected}"]


def test_a_folder_given_as_the_charter_is_refused(tmp_path):
    assert problems_of(tmp_path) == [f"{tmp_path}: is a folder, not a YAML data file"]


def test_control_characters_and_overlong_names_are_refused(tmp_path):
    text = CSTO_TEXT.replace("Stanislav Zas", '"Stanislav\\0Zas"').replace(
        "en: Collective Security Council,", "en: " + "Council " * 40 + ","
    )
    found = problems_of(write(tmp_path, text))
    assert any(
        problem.endswith("person.en: control character U+0000 is not allowed in text") for problem in found
    )
    assert any("name.en: String should have at most 300 characters" in problem for problem in found)


@pytest.mark.django_db
def test_the_command_exits_2_with_the_problem_and_no_traceback(tmp_path):
    path = hostile.binary_file(tmp_path, "charter.yaml")
    with pytest.raises(CommandError) as caught:
        call_command("load_charter", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value).endswith(f"{path}:1: holds a NUL byte: a binary file, not text")
