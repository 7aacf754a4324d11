"""Reading alert episodes: the list with its filters, the dashboard's open ones, an episode's days.

Everything is read through ``restrict``; rows carry names (series, state, level, status, method) in
the reader's language beside the keys, so that pages and the API say "COVID-19: new confirmed cases" and
"Red", not ``covid.confirmed`` and ``red``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import ngettext

from accord.charter import gazetteer
from accord.charter.models import State
from accord.crisis.models import Alert, Episode
from accord.crisis.names import method_name, series_name, statistic_name

UNCLOSED = "unclosed"  # open or acknowledged: what still needs someone
SORTS = {
    "-last_alert_on": ("-last_alert_on", "-id"),
    "last_alert_on": ("last_alert_on", "id"),
    "-opened_on": ("-opened_on", "-id"),
    "opened_on": ("opened_on", "id"),
    "level": ("-level_rank", "-last_alert_on", "-id"),
    "state": ("series__country", "-last_alert_on", "-id"),
}


@dataclass(frozen=True)
class EpisodeFilter:
    """Which episodes: status (or all not closed), level, series, a state or a region, and dates (an
    episode is in the dates when it had alert days between them)."""

    status: str = ""
    level: str = ""
    series: str = ""
    country: str = ""
    region: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    sort: str = "-last_alert_on"

    def episodes(self, user: Any) -> QuerySet:
        """The episodes this filter selects that the user may see, sorted, with their alert days counted."""
        episodes = Episode.objects.restrict(user, "view").select_related("series")
        if self.status == UNCLOSED:
            episodes = episodes.exclude(status=Episode.Status.CLOSED)
        elif self.status:
            episodes = episodes.filter(status=self.status)
        if self.level:
            episodes = episodes.filter(level=self.level)
        if self.series:
            episodes = episodes.filter(series__key=self.series)
        if self.country:
            episodes = episodes.filter(series__country=self.country)
        elif self.region:
            episodes = episodes.filter(series__country__in=gazetteer.region_state_codes(self.region, user))
        if self.start:
            episodes = episodes.filter(last_alert_on__gte=self.start)
        if self.end:
            episodes = episodes.filter(opened_on__lte=self.end)
        ranked = episodes.annotate(
            level_rank=Case(
                When(level=Episode.Level.RED, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            alert_days=Count("alerts"),
        )
        return ranked.order_by(*SORTS.get(self.sort, SORTS["-last_alert_on"]))


def open_episodes(
    user: Any, countries: list[str], start: datetime.date | None, end: datetime.date | None
) -> QuerySet:
    """Episodes not yet closed, of these states (all if none), with alert days within the dates."""
    if countries:
        episodes = Episode.objects.restrict(user, "view").filter(series__country__in=countries)
    else:
        episodes = Episode.objects.restrict(user, "view")
    episodes = episodes.exclude(status=Episode.Status.CLOSED).select_related("series")
    if start:
        episodes = episodes.filter(last_alert_on__gte=start)
    if end:
        episodes = episodes.filter(opened_on__lte=end)
    return episodes.annotate(alert_days=Count("alerts")).order_by("-last_alert_on", "-id")


def episodes_open_on(user: Any, countries: list[str], day: datetime.date) -> QuerySet:
    """The episodes that were open on a day (opened by then, not closed by then), of these states (all
    if none): what a situation report of that day shows, whatever has been done with them since."""
    episodes = Episode.objects.restrict(user, "view").filter(opened_on__lte=day)
    if countries:
        episodes = episodes.filter(series__country__in=countries)
    episodes = episodes.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day)).select_related("series")
    return episodes.annotate(alert_days=Count("alerts")).order_by("-last_alert_on", "-id")


def state_names(user: Any, codes: Iterable[str]) -> dict[str, str]:
    """The names of states in the reader's language, by code (the code itself for a state not known)."""
    return {state.code: state.name for state in State.objects.restrict(user).filter(code__in=set(codes))}


def episode_row(episode: Episode, names: dict[str, str]) -> dict[str, Any]:
    """An episode as a row of a list (page and API), names beside keys."""
    country = episode.series.country
    return {
        "id": episode.pk,
        "series": episode.series.key,
        "series_name": series_name(episode.series.key),
        "country": country,
        "state_name": names.get(country, country),
        "method": episode.method,
        "method_name": method_name(episode.method),
        "level": episode.level,
        "level_name": str(episode.get_level_display()),
        "status": episode.status,
        "status_name": str(episode.get_status_display()),
        "opened_on": episode.opened_on.isoformat(),
        "last_alert_on": episode.last_alert_on.isoformat(),
        "closed_on": episode.closed_on.isoformat() if episode.closed_on else None,
        "escalated_on": episode.escalated_on.isoformat() if episode.escalated_on else None,
        "alert_days": getattr(episode, "alert_days", None),
        "acknowledged_by": episode.acknowledged_by,
        "closed_by": episode.closed_by,
        "close_reason": shown_close_reason(episode),
    }


def shown_close_reason(episode: Episode) -> str:
    """Why the episode was closed, in the reader's language when the early-warning run closed it."""
    if episode.closed_automatically:
        return ngettext(
            "back within the expected range for %(days)s day",
            "back within the expected range for %(days)s days",
            episode.quiet_days,
        ) % {"days": episode.quiet_days}
    return episode.close_reason


def alert_days(user: Any, episode: Episode) -> list[dict[str, Any]]:
    """The episode's alert days: the counts (observed, expected, threshold) and the method's statistic
    against its own bar, apart."""
    alerts = Alert.objects.restrict(user, "view").filter(episode=episode).order_by("date")
    return [
        {
            "id": alert.pk,
            "date": alert.date.isoformat(),
            "level": alert.level,
            "level_name": str(Episode.Level(alert.level).label)
            if alert.level in Episode.Level.values
            else "",
            "observed": alert.observed,
            "expected": round(alert.expected, 4),
            "threshold": round(alert.threshold, 4),
            "statistic": round(alert.statistic, 4),
            "statistic_threshold": round(alert.statistic_threshold, 4),
            "statistic_name": statistic_name(alert.method),
        }
        for alert in alerts
    ]


def comments(episode: Episode) -> list[dict[str, Any]]:
    """What duty officers wrote on the episode, oldest first (acknowledging and closing included)."""
    return [
        {
            "kind": note.kind,
            "kind_name": str(note.get_kind_display()),
            "author": note.author,
            "at": note.at,
            "text": note.text,
        }
        for note in episode.comments.all()
    ]


class EpisodeRows:
    """A list of episodes as rows, read a page at a time (the API's pagination slices and counts it)."""

    def __init__(self, user: Any, episodes: QuerySet) -> None:
        self.user = user
        self.episodes = episodes

    def __len__(self) -> int:
        return self.episodes.count()

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        chosen = list(self.episodes[part])
        names = state_names(self.user, (episode.series.country for episode in chosen))
        return [episode_row(episode, names) for episode in chosen]
