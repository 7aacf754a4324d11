"""The decisions data file: validated with line numbers, loaded once."""

from __future__ import annotations

import datetime

import pytest

from accord.charter.models import Body
from accord.core.classification import Classification
from accord.core.models import ChangeRecord
from accord.decisions.loader import DataFileError, load_decisions, read_decisions, resolve_decisions_path
from accord.decisions.models import Document, Participant, Session
from accord.decisions.services import add_agenda_item, create_session, update_document
from tests.core import hostile

pytestmark = pytest.mark.django_db
CSTO = resolve_decisions_path("csto")
CSTO_TEXT = CSTO.read_text(encoding="utf-8")
DROPPED_SESSION = "permanent-council-2020-05-15"


def without_dropped_session(tmp_path, name: str = "decisions.yaml"):
    """The shipped file without the Permanent Council's meeting of 15 May 2020."""
    start = CSTO_TEXT.index(f"  - key: {DROPPED_SESSION}\n")
    end = CSTO_TEXT.index("  - key: cmfa-2020-05-26\n")
    path = tmp_path / name
    path.write_text(CSTO_TEXT[:start] + CSTO_TEXT[end:], encoding="utf-8")
    return path


def a_session_recorded_by_a_person(actor) -> Session:
    values = {
        "body": Body.objects.get(key="csc"),
        "title_en": "Extraordinary session",
        "date": datetime.date(2021, 3, 1),
        "classification": Classification.PUBLIC,
        "releasability": "everyone",
    }
    return create_session(values, [], actor=actor, reason="recorded by a person")


def test_loading_again_changes_nothing(actor):
    records = ChangeRecord.objects.count()
    assert load_decisions(CSTO, actor=actor).changes == 0
    assert ChangeRecord.objects.count() == records


def test_a_document_corrected_by_a_person_keeps_the_correction_on_reload(actor):
    """Loading the file again used to put the file's text back over the correction."""
    document = Document.objects.get(key="decision-appointment-zas")
    update_document(document, {"text": "Corrected by the secretariat."}, actor=actor, reason="typo")
    report = load_decisions(CSTO, actor=actor)
    assert report.changes == 0 and report.conflicts == []
    assert Document.objects.get(key="decision-appointment-zas").text == "Corrected by the secretariat."


def test_a_session_the_file_drops_is_deleted_with_a_record_and_recorded_ones_stay(tmp_path, actor):
    mine = a_session_recorded_by_a_person(actor)
    report = load_decisions(without_dropped_session(tmp_path), actor=actor)
    assert report.summary()["deleted"] == {"session": 1, "participant": 6}
    assert not Session.objects.filter(key=DROPPED_SESSION).exists()
    deletion = ChangeRecord.objects.filter(object_type="decisions.session", action="delete").last()
    assert deletion.before["key"] == DROPPED_SESSION and deletion.reason == "data file decisions.yaml"
    assert Session.objects.filter(pk=mine.pk).exists()


def test_a_dropped_session_with_a_recorded_agenda_item_is_kept_and_reported(tmp_path, actor):
    session = Session.objects.get(key=DROPPED_SESSION)
    add_agenda_item(session, "Any other business", actor=actor)
    report = load_decisions(without_dropped_session(tmp_path), actor=actor)
    assert report.summary()["deleted"] == {"participant": 6}
    assert Session.objects.filter(key=DROPPED_SESSION).exists()
    [conflict] = report.conflicts
    assert "no longer in the file, but 1 recorded row(s) (agenda item) refer to it; kept" in str(conflict)
    assert not Participant.objects.filter(session=session).exists(), "the file's participants went"


def test_a_file_under_another_name_is_another_file(tmp_path, actor):
    """A decisions file of one's own neither replaces nor deletes what the shipped file loaded."""
    report = load_decisions(without_dropped_session(tmp_path, "my-sessions.yaml"), actor=actor)
    assert report.changes == 0 and not report.deleted
    assert Session.objects.filter(key=DROPPED_SESSION).exists()


def test_errors_name_line_and_field(tmp_path):
    text = CSTO.read_text(encoding="utf-8").replace(
        "    body: military-committee\n", "    body: war-committee\n"
    )
    text = text.replace(
        "    format: video-conference\n    kind: regular\n    participants: [ARM, BLR, KAZ, KGZ, RUS, TJK]\n    classification: PUBLIC\n    releasability: everyone\n    note: Held",
        "    format: by-pigeon\n    kind: regular\n    participants: [ARM, BLR, KAZ, KGZ, RUS, TJK]\n    classification: PUBLIC\n    releasability: everyone\n    note: Held",
    )
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_decisions(path)
    [problem] = caught.value.problems
    line = next(number for number, content in enumerate(text.splitlines(), 1) if "by-pigeon" in content)
    assert str(problem).startswith(f"{path}:{line}: sessions[2].format: 'by-pigeon' is not allowed")
    text = text.replace("format: by-pigeon", "format: video-conference")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_decisions(path)
    line = next(number for number, content in enumerate(text.splitlines(), 1) if "war-committee" in content)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:{line}: sessions[1].body: unknown body 'war-committee'"
    ]


READ_DECISIONS = """
from pathlib import Path
from accord.decisions.loader import DataFileError, read_decisions
started = time.monotonic()
try:
    read_decisions(Path(sys.argv[1]))
    problems = []
except DataFileError as error:
    problems = [str(problem) for problem in error.problems]
print(json.dumps({"seconds": time.monotonic() - started, "problems": problems}))
"""


def test_a_billion_laughs_decisions_file_is_refused_at_once(tmp_path):
    path = tmp_path / "decisions.yaml"
    path.write_text(hostile.billion_laughs_yaml("sessions"), encoding="utf-8")
    outcome = hostile.run_limited(READ_DECISIONS, str(path), timeout=60)
    assert outcome["problems"] == [f"{path}:1: anchors (&a) are not accepted: write the value out"]
    assert outcome["seconds"] < 5, "refused before anything is expanded (expanding takes minutes)"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda folder: folder, ": is a folder, not a YAML data file"),
        (
            lambda folder: hostile.binary_file(folder, "d.yaml"),
            ":1: holds a NUL byte: a binary file, not text",
        ),
        (
            lambda folder: hostile.latin1_file(folder, "d.yaml", "sessions: []\n# café\n"),
            ":2: byte 0xe9 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8",
        ),
        (
            lambda folder: hostile.utf16_file(folder, "d.yaml", "sessions: []\n"),
            ":1: is UTF-16 or UTF-32 text: save it as UTF-8",
        ),
    ],
)
def test_hostile_files_are_refused_with_file_and_line(tmp_path, make, expected):
    path = make(tmp_path)
    with pytest.raises(DataFileError) as caught:
        read_decisions(path)
    assert [str(problem) for problem in caught.value.problems] == [f"{path}{expected}"]


def test_a_nul_in_a_title_and_a_tally_beyond_any_column_are_refused(tmp_path):
    text = CSTO.read_text(encoding="utf-8").replace(
        "statement_tallies:\n",
        "statement_tallies:\n  - {year: 99999, count: 9223372036854775808, sources: [seed-000]}\n",
    )
    text = text.replace(
        "{en: Session of the Collective Security Council in Bishkek,", '{en: "Session in\\0Bishkek",', 1
    )
    path = tmp_path / "decisions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_decisions(path)
    found = [str(problem).split(": ", 1)[1] for problem in caught.value.problems]
    assert any(
        problem.endswith("title.en: control character U+0000 is not allowed in text") for problem in found
    )
    assert "statement_tallies[0].year: Input should be less than or equal to 2200" in found
    assert "statement_tallies[0].count: Input should be less than or equal to 2147483647" in found
