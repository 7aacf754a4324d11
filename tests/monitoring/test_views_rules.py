"""The rules page: readers see the rules as a table and the versions; the CRC also edits the YAML (a
refused version shown beside the text with its line); anyone tries a text and sees each tag's rule
and words; each saved version has its page."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.monitoring.models import RulesVersion
from accord.monitoring.understanding.rulebook import shipped_rules_text
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
PAGE = "/monitoring/rules/"


@pytest.fixture(autouse=True)
def fresh_knowledge():
    from accord.monitoring.understanding.knowledge import forget

    forget()
    yield
    forget()


def logged_in(client, name: str, role: str):
    login_verified(client, make_user(name, role))
    return client


def test_a_reader_sees_the_rules_and_versions_but_no_editor(client):
    page = logged_in(client, "rules-reader", Role.READER).get(PAGE).content.decode()
    assert "Version 0 is in force." in page
    assert "terrorism/1" in page and "террорист" in page and "Illegal migration" in page
    assert "No version saved yet" in page
    assert 'name="text"' not in page and 'name="sample"' in page
    refused = client.post(PAGE, {"action": "save", "text": shipped_rules_text(), "note": "mine"})
    assert refused.status_code == 403
    assert not RulesVersion.objects.exists()


def test_the_crc_saves_a_version_which_is_in_force_and_has_its_page(client):
    officer = logged_in(client, "rules-duty", Role.CRC_DUTY_OFFICER)
    page = officer.get(PAGE).content.decode()
    assert 'name="text"' in page and "categories:" in page  # the first version starts from the shipped file
    text = shipped_rules_text().replace("[terrorism, terrorist,", "[terrorism, terrorist, jihadist,")
    answer = officer.post(PAGE, {"action": "save", "text": text, "note": "jihadists are terrorists"})
    assert answer.status_code == 302
    saved = RulesVersion.objects.get()
    assert saved.number == 1 and saved.saved_by == "rules-duty" and "jihadist" in saved.text
    page = officer.get(PAGE).content.decode()
    assert "Version 1 is in force." in page and "jihadists are terrorists" in page and "jihadist," in page
    version_page = officer.get("/monitoring/rules/v1/").content.decode()
    assert "rules-duty" in version_page and "jihadist" in version_page
    assert officer.get("/monitoring/rules/v9/").status_code == 404


def test_a_bad_version_is_refused_beside_the_text_with_its_line(client):
    officer = logged_in(client, "rules-head", Role.CRC_HEAD)
    text = shipped_rules_text() + "  - key: terrorism\n    colour: red\n"
    answer = officer.post(PAGE, {"action": "save", "text": text, "note": "a mistake"})
    page = answer.content.decode()
    assert answer.status_code == 200 and not RulesVersion.objects.exists()
    lines = text.splitlines()
    colour_line = next(number for number, line in enumerate(lines, 1) if "colour: red" in line)
    assert f"rules.yaml:{colour_line}:" in page and "unknown field" in page
    assert "appears twice" in page  # every problem is named, not only the first


def test_trying_a_text_shows_each_tag_with_its_rule_and_the_words_marked(client):
    reader = logged_in(client, "rules-try", Role.READER)
    sample = "Боевики террористической организации задержаны. Изъято свыше 2 тонн наркотиков."
    page = reader.post(PAGE, {"action": "try", "sample": sample, "language": "ru"}).content.decode()
    assert "rules:terrorism/1" in page and "rules:drug-trafficking/1" in page
    assert "<mark>террористической</mark>" in page and "<mark>свыше 2 тонн</mark>" in page
    assert "tonnes" in page
