"""How each early-warning method would have done on the member states' COVID-19 series.

Every configured series is replayed with every method (with the settings the configuration gives
that method) over all its data, and scored on what a duty officer lives with: episodes per year (each
one is read and handled), the share of days in alert, and the lead time to the known onsets of
``data/onsets.yaml`` — the days from an onset to the method's first alert within a window around it,
an onset without such an alert being missed. The scoring is pure (:func:`score`); only
:func:`member_scorecard` reads the database.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rich.console import Console
from rich.table import Table

from accord.core.access import SYSTEM_USER
from accord.core.ingest import InputFileError, MarkedYaml, schema_problem
from accord.crisis import early_warning
from accord.crisis.alerts import current_members, method_for, series_days
from accord.crisis.models import Series

ONSETS_FILE = Path(__file__).resolve().parent.parent / "data" / "onsets.yaml"
YEAR = 365.25


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)


class Onset(Strict):
    """A dated onset on a state's series, with where it is known from."""

    state: str = Field(pattern=r"^[A-Z]{3}$")
    date: datetime.date
    jhu_first: datetime.date | None = None
    series: tuple[str, ...] = ("covid.confirmed",)
    kind: Literal["first-case", "wave"]
    description: Text
    source: str = Field(min_length=1)


class Window(Strict):
    before: int = Field(ge=0, le=90)
    after: int = Field(ge=1, le=120)


class OnsetsFile(Strict):
    window: Window
    onsets: tuple[Onset, ...]

    @model_validator(mode="after")
    def no_repeats(self) -> OnsetsFile:
        seen = set()
        for onset in self.onsets:
            for key in onset.series:
                if (onset.state, key, onset.date) in seen:
                    raise ValueError(f"{onset.state} {key} {onset.date} is listed twice")
                seen.add((onset.state, key, onset.date))
        return self


def read_onsets(path: Path) -> OnsetsFile:
    """The onsets file, checked; a bad file is refused whole with file, line and field."""
    marked = MarkedYaml.read(path, what="onsets file")
    try:
        return OnsetsFile.model_validate(marked.value)
    except ValidationError as error:
        raise InputFileError([schema_problem(marked, item) for item in error.errors()[:20]]) from None


@cache
def shipped_onsets() -> OnsetsFile:
    return read_onsets(ONSETS_FILE)


@dataclass(frozen=True)
class OnsetResult:
    """An onset and the method's first alert around it (None: missed)."""

    onset: Onset
    first_alert: datetime.date | None

    @property
    def lead_days(self) -> int | None:
        return None if self.first_alert is None else (self.first_alert - self.onset.date).days

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.onset.date.isoformat(),
            "kind": self.onset.kind,
            "first_alert": self.first_alert.isoformat() if self.first_alert else None,
            "lead_days": self.lead_days,
        }


@dataclass(frozen=True)
class Score:
    """One method on one series."""

    state: str
    series: str
    method: str
    configured: bool
    days: int
    alert_days: int
    episodes: int
    open_episodes: int
    onsets: tuple[OnsetResult, ...]

    @property
    def episodes_per_year(self) -> float:
        return self.episodes / (self.days / YEAR) if self.days else 0.0

    @property
    def alert_share(self) -> float:
        return self.alert_days / self.days if self.days else 0.0

    @property
    def missed(self) -> int:
        return sum(result.first_alert is None for result in self.onsets)

    @property
    def median_lead(self) -> float | None:
        leads = sorted(result.lead_days for result in self.onsets if result.lead_days is not None)
        if not leads:
            return None
        middle = len(leads) // 2
        return float(leads[middle]) if len(leads) % 2 else (leads[middle - 1] + leads[middle]) / 2

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "series": self.series,
            "method": self.method,
            "configured": self.configured,
            "days": self.days,
            "episodes": self.episodes,
            "episodes_per_year": round(self.episodes_per_year, 2),
            "open_episodes": self.open_episodes,
            "alert_share": round(self.alert_share, 4),
            "onsets": [result.as_dict() for result in self.onsets],
            "missed": self.missed,
            "median_lead_days": self.median_lead,
        }


def first_alert_around(
    alerts: Sequence[datetime.date], onset: datetime.date, window: Window
) -> datetime.date | None:
    """The first alert day within the window around an onset."""
    start = onset - datetime.timedelta(days=window.before)
    end = onset + datetime.timedelta(days=window.after)
    return next((day for day in alerts if start <= day <= end), None)


def score(
    state: str,
    series_key: str,
    days: Sequence[early_warning.Day],
    config: early_warning.MethodConfig,
    onsets: OnsetsFile,
    *,
    configured: bool = False,
) -> Score:
    """Replay one series with one method and score it."""
    verdicts = early_warning.run_method(days, config)
    alert_dates = [item.date for item in verdicts if item is not None and item.level != early_warning.GREEN]
    spans = early_warning.episodes(days, verdicts, config.close_after)
    relevant = [onset for onset in onsets.onsets if onset.state == state and series_key in onset.series]
    span = (days[-1].date - days[0].date).days + 1 if days else 0
    return Score(
        state,
        series_key,
        config.method,
        configured,
        span,
        len(alert_dates),
        len(spans),
        sum(item.closed_on is None for item in spans),
        tuple(
            OnsetResult(onset, first_alert_around(alert_dates, onset.date, onsets.window))
            for onset in relevant
        ),
    )


def methods_to_score() -> list[str]:
    """Every method the early-warning module knows."""
    return sorted(early_warning.METHODS)


def member_scorecard(methods: Sequence[str] | None = None, onsets: OnsetsFile | None = None) -> list[Score]:
    """Every member state's COVID-19 series, with every method (the configured one marked)."""
    onsets = onsets or shipped_onsets()
    members = current_members()
    scores = []
    for series in (
        Series.objects.restrict(SYSTEM_USER)
        .filter(key__startswith="covid.", country__in=members)
        .order_by("country", "key")
    ):
        days = series_days(series)
        configured = method_for(series.key).method
        for name in methods or methods_to_score():
            config = method_for(series.key, name)
            scores.append(
                score(series.country, series.key, days, config, onsets, configured=name == configured)
            )
    return scores


def totals(scores: Sequence[Score]) -> dict[str, dict[str, Any]]:
    """Per method over every series: episodes, open episodes, onsets caught and missed."""
    result: dict[str, dict[str, Any]] = {}
    for item in scores:
        entry = result.setdefault(item.method, {"episodes": 0, "open_episodes": 0, "onsets": 0, "missed": 0})
        entry["episodes"] += item.episodes
        entry["open_episodes"] += item.open_episodes
        entry["onsets"] += len(item.onsets)
        entry["missed"] += item.missed
    configured = [item for item in scores if item.configured]
    result["configured"] = {
        "episodes": sum(item.episodes for item in configured),
        "open_episodes": sum(item.open_episodes for item in configured),
        "onsets": sum(len(item.onsets) for item in configured),
        "missed": sum(item.missed for item in configured),
    }
    return result


def lead_text(item: Score) -> str:
    """Lead times to the onsets, e.g. ``+1, −3, missed``."""
    return ", ".join(
        _("missed") if result.lead_days is None else f"{result.lead_days:+d}" for result in item.onsets
    )


def table(scores: Sequence[Score]) -> str:
    """The scorecard as a terminal table (the configured method of each series marked ✓)."""
    grid = Table(title=_("Early-warning scorecard (member states' COVID-19 series)"))
    for heading in (_("State"), _("Series"), _("Method"), "", _("Episodes/yr"), _("Open"), _("In alert")):
        grid.add_column(heading)
    grid.add_column(_("Lead to onsets (days)"))
    for item in scores:
        grid.add_row(
            item.state,
            item.series,
            item.method,
            "✓" if item.configured else "",
            f"{item.episodes_per_year:.1f}",
            str(item.open_episodes),
            f"{item.alert_share:.1%}",
            lead_text(item) or "—",
        )
    buffer = io.StringIO()
    Console(file=buffer, width=140, color_system=None).print(grid)
    summary = totals(scores)["configured"]
    return buffer.getvalue() + _(
        "Configured methods: %(episodes)s episodes (%(open)s open at the end), %(missed)s of %(onsets)s "
        "onsets missed."
    ) % {
        "episodes": summary["episodes"],
        "open": summary["open_episodes"],
        "missed": summary["missed"],
        "onsets": summary["onsets"],
    }


def report(methods: Sequence[str] | None = None) -> tuple[dict[str, Any], str]:
    """The scorecard as a JSON payload and as a table."""
    scores = member_scorecard(methods)
    payload = {"scores": [item.as_dict() for item in scores], "totals": totals(scores)}
    return payload, table(scores)
