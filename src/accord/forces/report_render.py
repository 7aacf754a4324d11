"""The yearly activity report drawn as HTML and PDF with the situation report's machinery.

The same stylesheet as the situation report (:func:`accord.crisis.sitrep.stylesheet`), with a few
rules of the yearly report added (the banner at the foot of every page, the table of contents, the
source keys); the same PDF maker (:func:`accord.crisis.sitrep.pdf_of`, WeasyPrint). One template
body serves the page, the downloaded HTML (self-contained: the stylesheet written in) and the PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from accord.crisis.sitrep import pdf_of, stylesheet
from accord.forces.report import YearlyReport, is_empty, yearly_report
from accord.forces.report_parts import Cell, ReportSection, Table

STYLESHEET = Path(__file__).resolve().parent / "static" / "forces" / "report.css"


def report_stylesheet() -> str:
    """The situation report's stylesheet, then the yearly report's own rules."""
    return stylesheet() + "\n" + STYLESHEET.read_text(encoding="utf-8")


def shown_cell(item: Cell, numbers: dict[str, int]) -> dict[str, Any]:
    """A cell with the numbers of its sources, for superscript keys linking to the sources list."""
    return {
        "text": item.text,
        "refs": [{"number": numbers[key], "key": key} for key in item.sources if key in numbers],
    }


def shown_table(table: Table, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "columns": table.columns,
        "rows": [[shown_cell(item, numbers) for item in row] for row in table.rows],
    }


def shown_section(section: ReportSection, numbers: dict[str, int], index: int) -> dict[str, Any]:
    """A section as the template shows it: its anchor, texts, tables with source keys, empty or not."""
    return {
        "anchor": f"section-{section.key}",
        "number": index,
        "title": section.title,
        "paragraphs": section.paragraphs,
        "tables": [shown_table(table, numbers) for table in section.tables if table.rows],
        "empty": is_empty(section),
        "empty_text": section.empty_text,
    }


def report_context(report: YearlyReport) -> dict[str, Any]:
    """Everything the template needs of a report already made (in the reader's language)."""
    numbers = report.source_numbers()
    return {
        "report": report,
        "year": report.year,
        "title": report.title,
        "classification": report.classification_name,
        "releasability": report.releasability_name,
        "classification_level": int(report.labels.classification),
        "sections": [
            shown_section(section, numbers, index) for index, section in enumerate(report.sections, start=1)
        ],
        "sources": report.sources,
    }


def render_document(report: YearlyReport) -> str:
    """A report already made as a self-contained HTML document (the download and the PDF's input)."""
    return render_to_string(
        "forces/report_document.html", report_context(report) | {"embedded_style": report_stylesheet()}
    )


def render_html(user: Any, year: Any, language: str = "en") -> str:
    """The report of ``year`` as ``user`` may see it, as a self-contained HTML document."""
    with translation.override(language):
        return render_document(yearly_report(user, year))


def render_pdf(user: Any, year: Any, language: str = "en") -> bytes:
    """The same report as PDF, from the same document."""
    with translation.override(language):
        return pdf_of(render_document(yearly_report(user, year)))
