"""The decisions data file: validated with line numbers, loaded once."""

from __future__ import annotations

import pytest

from accord.core.models import ChangeRecord
from accord.decisions.loader import DataFileError, load_decisions, read_decisions, resolve_decisions_path
from tests.core import hostile

pytestmark = pytest.mark.django_db
CSTO = resolve_decisions_path("csto")


def test_loading_again_changes_nothing(actor):
    records = ChangeRecord.objects.count()
    assert load_decisions(CSTO, actor=actor).changes == 0
    assert ChangeRecord.objects.count() == records


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
