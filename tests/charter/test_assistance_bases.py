"""The charter file's ``assistance_bases``: loaded with their rules, refused whole when they name a body
or a right that does not exist, and changed by editing the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.charter import models as charter
from accord.charter.loader import CharterFileError, load_charter, read_marked_charter, resolve_charter_path
from accord.core.audit import Actor

pytestmark = pytest.mark.django_db
CSTO = resolve_charter_path("csto")
TERRORISM_OFFERS = "    offered_by: [full-participation, join-operations]\n"


def edited_charter(tmp_path: Path, old: str, new: str) -> Path:
    text = CSTO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "charter.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems_of(path: Path) -> str:
    with pytest.raises(CharterFileError) as caught:
        read_marked_charter(path)
    return str(caught.value)


def test_the_shipped_bases_say_who_asks_how_who_decides_and_who_offers():
    bases = {basis.key: basis for basis in charter.AssistanceBasis.objects.all()}
    assert set(bases) == {"article-4", "emergency", "epidemic", "terrorism", "military-technical"}
    article_4 = bases["article-4"]
    assert article_4.channels == ["organization"]
    assert article_4.decided_by.key == "csc"
    assert article_4.requested_by == ["full-participation"]
    assert bases["terrorism"].offered_by == ["full-participation", "join-operations"]
    assert article_4.name_ru.startswith("Коллективная оборона")
    assert all(basis.source_keys for basis in bases.values())


def test_a_basis_naming_an_unknown_body_is_refused_with_its_line(tmp_path):
    edited = edited_charter(tmp_path, "    decided_by: csc\n", "    decided_by: world-council\n")
    message = problems_of(edited)
    assert "assistance_bases" in message and "world-council" in message
    assert "charter.yaml:" in message


def test_a_basis_naming_a_right_no_status_gives_is_refused(tmp_path):
    edited = edited_charter(tmp_path, TERRORISM_OFFERS, "    offered_by: [full-participation, anything]\n")
    assert "no status gives the right 'anything'" in problems_of(edited)


def test_a_basis_through_the_organization_needs_a_deciding_body(tmp_path):
    edited = edited_charter(
        tmp_path, "    channels: [organization]\n    decided_by: csc\n", "    channels: [organization]\n"
    )
    assert "required when a request may go through the Organization" in problems_of(edited)


def test_editing_the_file_changes_who_may_offer(tmp_path):
    edited = edited_charter(tmp_path, TERRORISM_OFFERS, "    offered_by: [full-participation]\n")
    load_charter(edited, actor=Actor.system("test"))
    assert charter.AssistanceBasis.objects.get(key="terrorism").offered_by == ["full-participation"]
