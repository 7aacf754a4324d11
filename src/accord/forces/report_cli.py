"""``accord forces report --year YEAR [--json] [--format html|pdf --out FILE]``: the yearly activity
report printed (readable text, or one JSON object with ``--json``), or written as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_year
from accord.core.ingest import InputFileError, check_output_path
from accord.crisis.sitrep import pdf_of
from accord.forces.report import ReportError, YearlyReport, yearly_report
from accord.forces.report_parts import ReportSection
from accord.forces.report_render import render_document


def report_verb(command: Any, options: dict[str, Any], user: Any = SYSTEM_USER) -> None:
    """The yearly report as ``user`` may see it: printed, as JSON, or written as HTML or PDF."""
    if options.get("year") is None:
        raise InputError("--year: name the report's year, e.g. --year 2020")
    fmt, out = options.get("format"), options.get("out")
    if fmt == "pdf" and not out:
        raise InputError("--out: a PDF is written to a file; name it with --out FILE")
    if fmt and not out and options.get("json"):
        raise InputError("--out: with --json the document is written to a file; name it with --out FILE")
    if out and not fmt:
        raise InputError("--format: say how to write the file, html or pdf")
    path = Path(out) if out else None
    if path is not None:
        try:
            check_output_path(path)  # before the report is made, not after
        except InputFileError as error:
            raise InputError(str(error)) from None
    try:
        report = yearly_report(user, parse_year(options["year"]))
    except ReportError as error:
        raise InputError(str(error)) from None
    if fmt:
        write_document(command, report, fmt, path, options)
        return
    command.emit(options, report.as_json(), report_lines(report))


def report_lines(report: YearlyReport) -> list[str]:
    """The report as readable lines: banner, sections with their tables, the sources, banner."""
    numbers = report.source_numbers()
    banner = f"{report.classification_name} · {report.releasability_name}"
    lines = [banner, report.title, ""]
    if not report.sections:
        lines.append(_("No subject contributes to the yearly report yet."))
    for index, section in enumerate(report.sections, start=1):
        lines += [f"{index}. {section.title}", *section_lines(section, numbers), ""]
    lines.append(_("Sources"))
    for source in report.sources:
        known = source.title if source.known else _("not in the register of sources")
        lines.append(f"  [{source.number}] {source.key} — {known}")
    return [*lines, banner]


def section_lines(section: ReportSection, numbers: dict[str, int]) -> list[str]:
    """A section's text and tables, each figure followed by the numbers of its sources."""
    if not section.paragraphs and not any(table.rows for table in section.tables):
        return [f"  {section.empty_text or _('Nothing to report for this year.')}"]
    lines = [f"  {paragraph}" for paragraph in section.paragraphs]
    for table in section.tables:
        if not table.rows:
            continue
        lines += [f"  {table.caption}", "    " + " | ".join(table.columns)]
        for row in table.rows:
            shown = [item.text + "".join(f"[{numbers[key]}]" for key in item.sources) for item in row]
            lines.append("    " + " | ".join(shown))
    return lines


def write_document(command: Any, report: YearlyReport, fmt: str, path: Path | None, options: dict) -> None:
    """The report as a self-contained HTML document or a PDF, to ``path`` (HTML: else printed)."""
    document = render_document(report)
    if path is None:
        command.stdout.write(document)
        return
    try:
        if fmt == "pdf":
            path.write_bytes(pdf_of(document))
        else:
            path.write_text(document, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror})") from None
    payload = {
        "year": report.year,
        "format": fmt,
        "path": str(path),
        "classification": int(report.labels.classification),
        "classification_name": report.classification_name,
    }
    line = _("Yearly activity report %(year)s (%(classification)s) written to %(path)s.") % {
        "year": report.year,
        "classification": report.classification_name,
        "path": path,
    }
    command.emit(options, payload, [line])
