"""Media signals: the daily number of distinct stories per threat category and state, as crisis series.

A story counts once on a day when at least one of its items (an original or a copy) is dated that day,
however many items it has: ten sites republishing one report are one story, not ten signals. A story
is counted for every state it is tagged with.

Signals take the labels of the stories they count, and a series holds the stories of one labelling:
public stories make the series ``media.<category>`` (public); stories of another labelling make a
series of their own whose key carries the labels (``media.terrorism@1-members-only``; named states as
a short hash of their list), labelled as its stories are. A restricted story never moves a public
series, and a restricted series is seen only by those who may see its stories.

The early-warning methods read a series day by day in order, by position: a missing day would make
the baseline reach further back than it says. So every day of a refreshed range is written, the quiet
ones as zeros, and a series whose last point is older than the range is filled up to it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Releasability
from accord.core.derived import PUBLIC_LABELS, Labels
from accord.crisis.alerts import method_for, run_early_warning
from accord.crisis.episodes import EpisodeChanges
from accord.crisis.models import Alert, Series
from accord.crisis.series_points import sync_points_in_bulk
from accord.monitoring.models import Item, Story, StoryTag

PREFIX = "media."
MAX_KEY = 64
MAX_CATCH_UP_DAYS = 366  # a series left behind longer than this starts again from the range
REASON = "monitoring: media signals"

Progress = Callable[[int, int], None]


@dataclass
class SignalRun:
    """What a refresh did: series kept, points changed, stories counted, and the early warning's run."""

    series: int = 0
    points_changed: int = 0
    stories: int = 0
    alerts: list[Alert] = field(default_factory=list)
    changes: EpisodeChanges = field(default_factory=EpisodeChanges)

    def counts(self) -> dict[str, int]:
        return {
            "series": self.series,
            "points changed": self.points_changed,
            "stories": self.stories,
            "alerts": len(self.alerts),
            **self.changes.counts(),
        }


# --- keys and labels ---------------------------------------------------------------------------------


def labels_suffix(labels: Labels) -> str:
    """The labels as a key's tail: ``1-members-only``, or ``2-named-3f9a1c02`` for named states."""
    if labels.releasability == Releasability.NAMED_STATES:
        digest = hashlib.sha256(labels.release_to.encode()).hexdigest()[:8]
        return f"{int(labels.classification)}-named-{digest}"
    return f"{int(labels.classification)}-{labels.releasability}"


def series_key(category: str, labels: Labels) -> str:
    """The key of a category's media series for stories of these labels (at most 64 characters)."""
    if labels == PUBLIC_LABELS:
        return f"{PREFIX}{category}"[:MAX_KEY]
    suffix = "@" + labels_suffix(labels)
    return f"{PREFIX}{category}"[: MAX_KEY - len(suffix)] + suffix


def category_of(key: str) -> str:
    """The category a media series counts (from its key)."""
    return key.removeprefix(PREFIX).split("@", 1)[0]


def is_media(series: Series) -> bool:
    return series.key.startswith(PREFIX)


def labels_of(record: Any) -> Labels:
    return Labels(record.classification, record.releasability, record.release_to)


# --- counting ----------------------------------------------------------------------------------------


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments from the first day's midnight to the midnight after the last (UTC)."""
    first = datetime.datetime.combine(start, datetime.time(), tzinfo=datetime.UTC)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC)
    return first, after


def dated_between(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Items dated between two days: published then, or received then when their date is unknown."""
    first, after = day_bounds(start, end)
    return Q(**{f"{prefix}published__gte": first, f"{prefix}published__lt": after}) | Q(
        **{
            f"{prefix}published__isnull": True,
            f"{prefix}received_at__gte": first,
            f"{prefix}received_at__lt": after,
        }
    )


def story_days(start: datetime.date, end: datetime.date) -> dict[int, set[datetime.date]]:
    """The days between two dates on which each story has an item (originals and copies)."""
    rows = (
        Item.objects.restrict(SYSTEM_USER)
        .filter(story__isnull=False, status__in=[Item.Status.PROCESSED, Item.Status.DUPLICATE])
        .filter(dated_between(start, end))
        .values_list("story_id", "published", "received_at")
    )
    days: dict[int, set[datetime.date]] = defaultdict(set)
    for story_id, published, received_at in rows.iterator(chunk_size=5000):
        days[story_id].add((published or received_at).astimezone(datetime.UTC).date())
    return days


def counted(start: datetime.date, end: datetime.date) -> dict[tuple[str, str], dict[str, Any]]:
    """Every (series key, state) with stories between two dates: its labels and the stories of each day."""
    days = story_days(start, end)
    labels = {
        pk: Labels(*rest)
        for pk, *rest in Story.objects.restrict(SYSTEM_USER)
        .filter(pk__in=list(days), merged_into__isnull=True)
        .values_list("pk", "classification", "releasability", "release_to")
    }
    tags: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for story_id, kind, key in (
        StoryTag.objects.restrict(SYSTEM_USER)
        .filter(story_id__in=list(labels), kind__in=["category", "state"])
        .values_list("story_id", "kind", "key")
    ):
        tags[story_id][kind].append(key)
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for story_id, story_labels in labels.items():
        for category in tags[story_id]["category"]:
            for state in tags[story_id]["state"]:
                if len(state) != 3:
                    continue
                where = (series_key(category, story_labels), state.upper())
                entry = wanted.setdefault(where, {"labels": story_labels, "days": defaultdict(set)})
                for day in days[story_id]:
                    entry["days"][day].add(story_id)
    return wanted


# --- refreshing --------------------------------------------------------------------------------------


def every_day(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1)]


def catch_up_start(start: datetime.date, series: list[Series]) -> datetime.date:
    """The first day to count: ``start``, or earlier where a series' last point is older (no gaps)."""
    from django.db.models import Max

    from accord.crisis.models import SeriesPoint

    last = (
        SeriesPoint.objects.restrict(SYSTEM_USER)
        .filter(series__in=series, date__lt=start)
        .values("series")
        .annotate(last=Max("date"))
        .values_list("last", flat=True)
    )
    earliest = min((day + datetime.timedelta(days=1) for day in last), default=start)
    return max(min(earliest, start), start - datetime.timedelta(days=MAX_CATCH_UP_DAYS))


def media_series() -> list[Series]:
    return list(
        Series.objects.restrict(SYSTEM_USER).filter(key__startswith=PREFIX).order_by("key", "country")
    )


def series_for(where: tuple[str, str], labels: Labels, known: Series | None, actor: Actor) -> Series:
    """The series of a key and state, made when it is new, labelled as its stories."""
    if known is not None:
        return known
    series = Series(key=where[0], country=where[1], unit="stories")
    save_with_record(series, actor=actor, reason=REASON, fields=labels.as_fields())
    return series


def refresh_signals(
    start: datetime.date, end: datetime.date, *, actor: Actor, progress: Progress | None = None
) -> SignalRun:
    """Recount the days between two dates of every media series (zero days included, each change on the
    record), then run the duty officer's early warning on each series over those days."""
    existing = {(series.key, series.country): series for series in media_series()}
    first = catch_up_start(start, list(existing.values()))
    wanted = counted(first, end)
    run = SignalRun(
        stories=len({pk for entry in wanted.values() for ids in entry["days"].values() for pk in ids})
    )
    places = sorted(set(wanted) | set(existing))
    for done, where in enumerate(places, start=1):
        entry = wanted.get(where, {"labels": PUBLIC_LABELS, "days": {}})
        series = series_for(where, entry["labels"], existing.get(where), actor)
        values = {day: float(len(entry["days"].get(day, ()))) for day in every_day(first, end)}
        run.points_changed += sync_points_in_bulk(series, values, actor, REASON, within=(first, end))
        warned = run_early_warning(series, start, end, actor=actor)
        run.alerts += warned.alerts
        run.changes.extend(warned.changes)
        run.series += 1
        if progress is not None:
            progress(done, len(places))
    return run


def baseline_days() -> int:
    """How many days the media method looks back (its baseline and lag), plus a week."""
    config = method_for(f"{PREFIX}any")
    return config.baseline + config.lag + 7


# --- the stories behind an alert ---------------------------------------------------------------------


def stories_behind(alert: Alert, user: Any) -> QuerySet[Story]:
    """The stories an alert on a media series counted: of the series' labels, with its category and
    state, with an item dated on the alert's day; only those ``user`` may see."""
    series = alert.series
    if not is_media(series):
        return Story.objects.none()
    items = (
        Item.objects.restrict(SYSTEM_USER)
        .filter(story=OuterRef("pk"))
        .filter(dated_between(alert.date, alert.date))
    )
    tags = StoryTag.objects.restrict(SYSTEM_USER).filter(story=OuterRef("pk"))
    return (
        Story.objects.restrict(user, "view")
        .filter(merged_into__isnull=True, **labels_of(series).as_fields())
        .filter(Exists(tags.filter(kind="category", key=category_of(series.key))))
        .filter(Exists(tags.filter(kind="state", key__in=[series.country, series.country.lower()])))
        .filter(Exists(items))
        .order_by("-items_count", "pk")
    )
