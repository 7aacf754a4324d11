"""``accord monitoring signals|signals-refresh|stories-fade|alert-stories``: the media signals, their
recount and early warning, the fading of quiet stories, and the stories behind an alert."""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_date
from accord.crisis.models import Alert, Series
from accord.monitoring import signals, stories
from accord.monitoring.cli import CLI_ACTOR, Answer, Verb


def no_arguments(parser: argparse.ArgumentParser) -> None:
    return None


def run_signals(options: dict[str, Any]) -> Answer:
    """Every media series with its labels, its number of days and its last day."""
    rows = []
    for series in (
        Series.objects.restrict(SYSTEM_USER)
        .filter(key__startswith=signals.PREFIX)
        .annotate(days=Count("points"), last_day=Max("points__date"))
        .order_by("key", "country")
    ):
        last = series.points.filter(date=series.last_day).values_list("value", flat=True).first()
        rows.append(
            {
                "key": series.key,
                "country": series.country,
                "classification": series.classification,
                "releasability": series.releasability,
                "release_to": series.release_to,
                "days": series.days,
                "last_day": series.last_day.isoformat() if series.last_day else None,
                "last_value": last,
            }
        )
    lines = [
        f"{row['key']:40} {row['country']} {row['days']:5} "
        + _("days, last %(day)s: %(value)s") % {"day": row["last_day"] or "—", "value": row["last_value"]}
        for row in rows
    ] or [_("No media series yet.")]
    return {"series": rows}, lines


def refresh_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="start", help="first day, YYYY-MM-DD (default: as far back as the method needs)"
    )
    parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")


def run_refresh(options: dict[str, Any]) -> Answer:
    """Recount the media signals between two days and run the early warning on them."""
    end = parse_date(options["end"], "--to") if options.get("end") else timezone.localdate()
    start = (
        parse_date(options["start"], "--from")
        if options.get("start")
        else end - datetime.timedelta(days=signals.baseline_days() - 1)
    )
    if end < start:
        raise InputError(f"--to {end} is before --from {start}")
    run = signals.refresh_signals(start, end, actor=CLI_ACTOR)
    data = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        **run.counts(),
        "alert_ids": [a.pk for a in run.alerts],
    }
    line = _(
        "%(series)s media series recounted from %(start)s to %(end)s: %(points)s points changed, "
        "%(alerts)s new alert(s)."
    ) % {
        "series": run.series,
        "start": start,
        "end": end,
        "points": run.points_changed,
        "alerts": len(run.alerts),
    }
    return data, [line]


def fade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--on", help="the day, YYYY-MM-DD (default: today)")


def run_fade(options: dict[str, Any]) -> Answer:
    """Fade the stories without a new item for a week."""
    day = parse_date(options["on"], "--on") if options.get("on") else timezone.localdate()
    faded = stories.fade_stories(day, actor=CLI_ACTOR)
    data = {"on": day.isoformat(), "faded": [story.pk for story in faded]}
    return data, [_("%(count)s story(ies) faded on %(day)s.") % {"count": len(faded), "day": day}]


def alert_stories_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("alert", help="the alert's id")


def run_alert_stories(options: dict[str, Any]) -> Answer:
    """The stories a media alert counted."""
    text = str(options["alert"])
    alert = (
        Alert.objects.restrict(SYSTEM_USER).select_related("series").filter(pk=int(text)).first()
        if text.isdigit()
        else None
    )
    if alert is None:
        raise InputError(_("No alert %(id)s.") % {"id": text})
    if not signals.is_media(alert.series):
        raise InputError(
            _("Alert %(id)s is on %(series)s, not on a media series.")
            % {"id": text, "series": alert.series.key}
        )
    rows = [
        {
            "id": story.pk,
            "title": story.title,
            "items": story.items_count,
            "sources": story.sources_count,
            "languages": story.languages,
            "address": f"/monitoring/stories/{story.pk}/",
        }
        for story in signals.stories_behind(alert, SYSTEM_USER)
    ]
    data = {
        "alert": alert.pk,
        "series": alert.series.key,
        "country": alert.series.country,
        "date": alert.date.isoformat(),
        "stories": rows,
    }
    lines = [f"#{row['id']} {row['title']} ({row['items']}/{row['sources']})" for row in rows] or [
        _("No story behind this alert.")
    ]
    return data, lines


VERBS = [
    Verb("signals", "list the media series and their last days", no_arguments, run_signals),
    Verb(
        "signals-refresh",
        "recount the media signals and run the early warning",
        refresh_arguments,
        run_refresh,
    ),
    Verb("stories-fade", "fade the stories without a new item for a week", fade_arguments, run_fade),
    Verb("alert-stories", "the stories behind a media alert", alert_stories_arguments, run_alert_stories),
]
