"""The yearly activity report: sections in order, labels combined, sources resolved, years checked,
the JSON, and ``accord forces report`` (text, JSON, HTML and PDF files, refusals with exit 2)."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accord.accounts.models import Role
from accord.core.access import SYSTEM_USER
from accord.core.classification import Classification, Releasability
from accord.core.derived import Labels
from accord.forces import report
from accord.forces.report import ReportError, yearly_report
from accord.forces.report_parts import ReportSection
from accord.forces.report_render import render_document
from tests.accounts.helpers import make_user
from tests.forces.report_helpers import events, sections  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("sections", "events")
def test_the_report_combines_the_labels_of_its_sections_to_the_highest():
    made = yearly_report(SYSTEM_USER, 2020)
    assert [section.key for section in made.sections] == ["test-trainings", "test-events"]
    assert made.labels == Labels(Classification.SECRET, Releasability.MEMBERS_ONLY)
    assert made.classification_name == "SECRET"


@pytest.mark.usefixtures("sections", "events")
def test_each_reader_sees_only_what_the_sections_restrict_to():
    restricted = make_user("kaz-restricted", Role.LIAISON_OFFICER, state="KAZ", clearance=1)
    made = yearly_report(restricted, 2020)
    shown = json.dumps(made.as_json())
    assert "Publicplace" in shown and "Secretplace" not in shown
    assert made.labels.classification == Classification.PUBLIC
    assert made.sections[1].data == {"total": 3}, "the figure counts only what the reader may see"


@pytest.mark.usefixtures("sections", "events")
def test_every_figure_source_is_in_the_sources_list():
    made = yearly_report(SYSTEM_USER, 2020)
    cited = {key for section in made.sections for key in section.sources}
    listed = {source.key: source for source in made.sources}
    assert cited == set(listed) == {"seed-002", "no-such-source"}
    assert [source.number for source in made.sources] == [1, 2]
    assert listed["seed-002"].known and listed["seed-002"].publisher == "RIA Novosti"
    assert str(listed["seed-002"].published_on) == "2020-05-15"
    assert not listed["no-such-source"].known, "a key outside the register is listed, marked unknown"


@pytest.mark.usefixtures("sections", "events")
def test_the_json_shape():
    shown = yearly_report(SYSTEM_USER, 2020).as_json()
    assert set(shown) == {
        "year",
        "title",
        "classification",
        "classification_name",
        "releasability",
        "release_to",
        "releasability_name",
        "sections",
        "sources",
    }
    assert shown["title"] == "Yearly activity report 2020"
    trainings, events_shown = shown["sections"]
    assert trainings["empty"] is False and trainings["paragraphs"] == ["Eight trainings were planned."]
    row = events_shown["tables"][0]["rows"][1]
    assert row == ["Secretplace", {"text": "5", "value": 5, "sources": ["seed-002"]}]
    assert events_shown["classification"] == Classification.SECRET
    assert shown["sources"][0] == {
        "number": 1,
        "key": "seed-002",
        "title": shown["sources"][0]["title"],
        "publisher": "RIA Novosti",
        "published_on": "2020-05-15",
        "address": "data/csto/sources/seed-002.txt",
        "known": True,
    }
    json.dumps(shown)  # JSON all the way down


@pytest.mark.usefixtures("sections")
def test_a_year_without_activity_shows_each_section_empty_text():
    shown = yearly_report(SYSTEM_USER, 2019).as_json()
    assert [section["empty"] for section in shown["sections"]] == [True, True]
    assert shown["sections"][1]["empty_text"] == "No test events this year."
    html = render_document(yearly_report(SYSTEM_USER, 2019))
    assert "No test trainings this year." in html and "No test events this year." in html


@pytest.mark.parametrize("year", [1991, timezone.localdate().year + 2, "20x0", "99999"])
def test_years_out_of_range_are_refused(year):
    with pytest.raises(ReportError) as refusal:
        yearly_report(SYSTEM_USER, year)
    assert refusal.value.field == "year"


def test_the_first_and_the_next_year_are_allowed():
    assert yearly_report(SYSTEM_USER, 1992).year == 1992
    next_year = yearly_report(SYSTEM_USER, timezone.localdate().year + 1)
    assert next_year.year == timezone.localdate().year + 1
    assert len(next_year.sections) == len(report.SECTION_MAKERS)


def test_the_empty_registry_still_makes_a_report():
    saved = list(report.SECTION_MAKERS)
    report.SECTION_MAKERS.clear()
    try:
        html = render_document(yearly_report(SYSTEM_USER, 2020))
    finally:
        report.SECTION_MAKERS[:] = saved
    assert "No subject contributes to the yearly report yet." in html


@pytest.mark.usefixtures("sections", "events")
def test_the_html_marks_every_figure_with_its_source_and_the_classification():
    html = render_document(yearly_report(SYSTEM_USER, 2020))
    assert html.count('<p class="classification') == 2, "banner at the top and at the bottom"
    assert "SECRET · members only" in html
    assert '<sup class="source-ref"><a href="#source-seed-002" title="seed-002">1</a></sup>' in html
    two_sources = '<a href="#source-seed-002" title="seed-002">1</a>,<a href="#source-no-such-source"'
    assert two_sources in html, "a figure with two sources names both, apart"
    assert 'id="source-seed-002"' in html and 'id="source-no-such-source"' in html
    assert "not in the register of sources" in html
    assert '<a href="#section-test-events">Test events</a>' in html, "the table of contents"
    assert '<h1 class="report-title">Yearly activity report 2020</h1>' in html
    assert "<script" not in html and "<link" not in html, "self-contained"


# The command line.


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("forces", "report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("sections", "events")
def test_cli_prints_the_report_with_source_numbers():
    text = run("--year", "2020")
    lines = text.splitlines()
    assert lines[0] == lines[-1] == "SECRET · members only"
    assert "    Secretplace | 5[1]" in lines
    assert "  [2] no-such-source — not in the register of sources" in lines


@pytest.mark.usefixtures("sections", "events")
def test_cli_json():
    shown = json.loads(run("--year", "2020", "--json"))
    assert shown["year"] == 2020 and shown["classification"] == Classification.SECRET
    assert [section["key"] for section in shown["sections"]] == ["test-trainings", "test-events"]


@pytest.mark.usefixtures("sections", "events")
def test_cli_writes_html(tmp_path):
    out = tmp_path / "report.html"
    said = run("--year", "2020", "--format", "html", "--out", str(out))
    assert str(out) in said and "SECRET" in said
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Secretplace" in html and "<style>" in html


@pytest.mark.usefixtures("sections", "events")
def test_cli_writes_a_pdf_with_the_banner_on_every_page(tmp_path):
    import weasyprint

    out = tmp_path / "report.pdf"
    shown = json.loads(run("--year", "2020", "--format", "pdf", "--out", str(out), "--json"))
    assert shown == {
        "year": 2020,
        "format": "pdf",
        "path": str(out),
        "classification": Classification.SECRET,
        "classification_name": "SECRET",
    }
    assert out.read_bytes().startswith(b"%PDF-") and len(out.read_bytes()) > 5_000
    # The project has no PDF reader: the same document laid out by WeasyPrint shows its pages.
    pages = weasyprint.HTML(string=render_document(yearly_report(SYSTEM_USER, 2020))).render().pages
    assert len(pages) >= 2, "a title page with the contents, then the sections"
    for page in pages:
        margins = {
            box.at_keyword: texts(box) for box in page._page_box.children if hasattr(box, "at_keyword")
        }
        assert margins["@top-center"] == margins["@bottom-center"] == ["SECRET · members only"]


def texts(box) -> list[str]:
    found = [box.text] if hasattr(box, "text") else []
    for child in getattr(box, "children", []):
        found += texts(child)
    return found


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--year", "1980"], "before 1992"),
        (["--year", "twenty"], "four-digit year"),
        ([], "--year"),
        (["--year", "2020", "--format", "pdf"], "--out"),
        (["--year", "2020", "--out", "x.html"], "--format"),
        (["--year", "2020", "--format", "html", "--json"], "--out"),
    ],
)
def test_cli_refusals_exit_2(args, said):
    with pytest.raises(CommandError) as refusal:
        run(*args)
    assert refusal.value.returncode == 2
    assert said in str(refusal.value)


def test_cli_refuses_an_output_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError) as refusal:
        run("--year", "2020", "--format", "pdf", "--out", str(tmp_path / "missing" / "r.pdf"))
    assert refusal.value.returncode == 2


def test_a_section_is_a_report_section():
    """The contract the subjects build on stays as it is."""
    section = ReportSection("k", "T")
    assert section.as_json()["classification"] == 0 and section.sources == ()


@pytest.mark.usefixtures("sections")
def test_cli_prints_the_html_document_without_a_file():
    html = run("--year", "2020", "--format", "html", "--language", "ru")
    assert html.startswith("<!DOCTYPE html>") and 'lang="ru"' in html
