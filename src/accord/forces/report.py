"""The yearly activity report: the sections of every subject of the forces app for one year, marked
with the highest classification of what they show, with the sources of every figure.

Each subject (forces and readiness, trainings, operations, cooperation, training of personnel) adds
its ``year_section(user, year)`` to :data:`SECTION_MAKERS`; the report calls them in that order, so
what it shows is exactly what each section read through ``restrict()`` for the reader. The report is
derived data and keeps nothing of its own: its labels are the combined labels of its sections
(:func:`accord.core.derived.combined`), and the sources it lists are the charter's
:class:`~accord.core.models.Source` records its figures cite. It is drawn (HTML, PDF) by
:mod:`accord.forces.report_render` with the situation report's machinery.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.classification import Classification, Releasability, release_codes
from accord.core.derived import Labels, combined
from accord.core.errors import ServiceError
from accord.core.models import Source
from accord.forces.report_parts import ReportSection, SectionMaker

FIRST_YEAR = 1992  # the Collective Security Treaty was signed on 15 May 1992

# The sections of the report, in the order it shows them; each subject of the app adds its maker.
SECTION_MAKERS: list[SectionMaker] = []
# Optional: each subject may add a function naming the years it has records of (for the reader), so
# that the page's year picker can say which years have activity and open on the latest of them.
YEAR_FINDERS: list[Callable[[Any], set[int]]] = []


class ReportError(ServiceError):
    """A yearly report cannot be made as asked (a year out of range)."""


def last_year_allowed() -> int:
    """Plans are made a year ahead: the report reaches next year, no further."""
    return timezone.localdate().year + 1


def checked_year(year: Any) -> int:
    """``year`` as an int within the years the Organization can have activity in, or a ReportError."""
    text = str(year).strip()
    if not (text.isdigit() and len(text) == 4):
        raise ReportError(_("expected a four-digit year, e.g. 2020"), field="year")
    value = int(text)
    if value < FIRST_YEAR:
        raise ReportError(
            _("%(year)s is before %(first)s, when the Collective Security Treaty was signed")
            % {"year": value, "first": FIRST_YEAR},
            field="year",
        )
    if value > last_year_allowed():
        raise ReportError(
            _("%(year)s is after next year (%(last)s): there are no plans that far ahead")
            % {"year": value, "last": last_year_allowed()},
            field="year",
        )
    return value


def selectable_years() -> list[int]:
    """Every year a report can be asked for, newest first."""
    return list(range(last_year_allowed(), FIRST_YEAR - 1, -1))


def years_with_activity(user: Any) -> list[int]:
    """The years the subjects have records of for ``user`` (within range), newest first."""
    found: set[int] = set()
    for finder in YEAR_FINDERS:
        found |= set(finder(user))
    return sorted((year for year in found if FIRST_YEAR <= year <= last_year_allowed()), reverse=True)


def default_year(user: Any) -> int:
    """The year a report opens on: the latest with activity that has begun, else last year."""
    this_year = timezone.localdate().year
    begun = [year for year in years_with_activity(user) if year <= this_year]
    return begun[0] if begun else this_year - 1


@dataclass(frozen=True)
class CitedSource:
    """A source the report cites: its number in the report (1, 2, …) and, if it is known, its record."""

    number: int
    key: str
    title: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None
    address: str = ""
    known: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "key": self.key,
            "title": self.title,
            "publisher": self.publisher,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "address": self.address,
            "known": self.known,
        }


@dataclass(frozen=True)
class YearlyReport:
    """The report of one year as one reader may see it."""

    year: int
    sections: tuple[ReportSection, ...]
    labels: Labels
    sources: tuple[CitedSource, ...]

    @property
    def title(self) -> str:
        return _("Yearly activity report %(year)s") % {"year": self.year}

    @property
    def classification_name(self) -> str:
        return str(Classification(self.labels.classification).label)

    @property
    def releasability_name(self) -> str:
        """To whom the report may be released, in the reader's language (named states listed)."""
        name = str(Releasability(self.labels.releasability).label)
        if self.labels.releasability == Releasability.NAMED_STATES:
            codes = release_codes(self.labels.release_to)
            return f"{name}: {', '.join(codes)}" if codes else _("the working bodies only")
        return name

    def source_numbers(self) -> dict[str, int]:
        return {source.key: source.number for source in self.sources}

    def as_json(self) -> dict[str, Any]:
        """The report for ``--json`` and the API: every section with its figures and their sources."""
        return {
            "year": self.year,
            "title": self.title,
            "classification": int(self.labels.classification),
            "classification_name": self.classification_name,
            "releasability": str(self.labels.releasability),
            "release_to": release_codes(self.labels.release_to),
            "releasability_name": self.releasability_name,
            "sections": [section_json(section) for section in self.sections],
            "sources": [source.as_json() for source in self.sources],
        }


def section_json(section: ReportSection) -> dict[str, Any]:
    """A section as JSON, saying whether it is empty for the year and what it says then."""
    return {**section.as_json(), "empty": is_empty(section), "empty_text": section.empty_text}


def is_empty(section: ReportSection) -> bool:
    """A section with neither text nor a table row has nothing for the year."""
    return not section.paragraphs and not any(table.rows for table in section.tables)


def yearly_report(user: Any, year: Any) -> YearlyReport:
    """The report of ``year`` as ``user`` may see it (call it in the reader's language).

    The sections come in the order of :data:`SECTION_MAKERS`; each reads only what ``user`` may see.
    """
    checked = checked_year(year)
    sections = tuple(make(user, checked) for make in SECTION_MAKERS)
    return YearlyReport(
        year=checked,
        sections=sections,
        labels=combined(section.labels for section in sections),
        sources=cited_sources(user, sections),
    )


def cited_sources(user: Any, sections: tuple[ReportSection, ...]) -> tuple[CitedSource, ...]:
    """The sources of every figure, numbered in the order they are first cited.

    A key that names no source record the reader may see is still listed (``known`` false), so that a
    figure never points at nothing.
    """
    keys = list(dict.fromkeys(key for section in sections for key in section.sources))
    records = {source.key: source for source in Source.objects.restrict(user).filter(key__in=keys)}
    cited = []
    for number, key in enumerate(keys, start=1):
        record = records.get(key)
        if record is None:
            cited.append(CitedSource(number, key, known=False))
            continue
        cited.append(
            CitedSource(
                number,
                key,
                title=record.title,
                publisher=record.publisher,
                published_on=record.published_on,
                address=record.address,
            )
        )
    return tuple(cited)
