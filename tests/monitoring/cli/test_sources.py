"""``accord monitoring sources|source-add|fetch|take-in|items|item`` at the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.monitoring import copies
from accord.monitoring.models import Item, Source
from tests.monitoring.intake_helpers import GERMAN_TEXT, own_roots, paragraph_html, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    return own_roots(settings, tmp_path)


@pytest.fixture(autouse=True)
def fresh_copies():
    copies.forget()
    yield
    copies.forget()


def run(*args: str) -> dict:
    out = StringIO()
    call_command("monitoring", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def text_of(*args: str) -> str:
    out = StringIO()
    call_command("monitoring", *args, stdout=out)
    return out.getvalue()


def test_adding_listing_and_fetching_a_source(roots):
    feed = roots / "wire.xml"
    feed.write_bytes(rss([{"guid": "de", "html": paragraph_html(GERMAN_TEXT)}]))
    created = run(
        "source-add",
        "cli-wire",
        "--name",
        "Wire",
        "--kind",
        "feed-file",
        "--address",
        str(feed),
        "--lang",
        "",
        "--reliability",
        "B",
        "--classification",
        "public",
    )
    assert created["key"] == "cli-wire" and created["classification"] == "PUBLIC"
    assert "cli-wire" in text_of("sources")
    fetched = text_of("fetch", "cli-wire")
    assert "failed 1" in fetched and "[unsupported-language]" in fetched
    again = run("fetch", "cli-wire")
    assert again["unchanged"] == 1 and again["rejected"] == 0
    listed = run("items", "--source", "cli-wire", "--status", "failed")
    assert [row["external_id"] for row in listed["items"]] == ["de"]
    shown = text_of("item", str(listed["items"][0]["id"]))
    assert "unsupported-language" in shown


def test_a_refused_source_is_one_line_naming_the_field():
    with pytest.raises(CommandError) as refused:
        text_of("source-add", "cli-etc", "--name", "Etc", "--kind", "folder", "--address", "/etc")
    assert "address" in str(refused.value) and "monitoring folders" in str(refused.value)
    assert not Source.objects.filter(key="cli-etc").exists()


def test_taking_files_in_one_item_each(tmp_path):
    run("source-add", "cli-files", "--name", "Files", "--kind", "upload", "--classification", "public")
    german = tmp_path / "german.txt"
    german.write_text(GERMAN_TEXT, encoding="utf-8")
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    answer = run("take-in", "cli-files", str(german), str(huge))
    assert answer["rejected"] == 2
    codes = sorted(Item.objects.filter(source__key="cli-files").values_list("error_code", flat=True))
    assert codes == ["too-large", "unsupported-language"]
    assert run("take-in", "cli-files", str(german))["unchanged"] == 1
    with pytest.raises(CommandError):
        text_of("take-in", "cli-files", str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError):
        text_of("fetch", "no-such-source")
