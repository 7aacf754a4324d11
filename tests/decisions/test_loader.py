"""The decisions data file: validated with line numbers, loaded once."""

from __future__ import annotations

import pytest

from accord.core.models import ChangeRecord
from accord.decisions.loader import DataFileError, load_decisions, read_decisions, resolve_decisions_path

pytestmark = pytest.mark.django_db
CSTO = resolve_decisions_path("csto")


def test_loading_again_changes_nothing(actor):
    records = ChangeRecord.objects.count()
    assert load_decisions(CSTO, actor=actor) == 0
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
