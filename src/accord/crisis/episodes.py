"""Alert episodes kept in step with the early-warning verdicts, and their handling by duty officers.

Every early-warning run hands a series' verdicts to :func:`keep_in_step`, which stores the episodes
the pure grouping (:func:`accord.crisis.early_warning.episodes`) finds: one per (series, method,
opening day), upserted so that running again changes nothing. A later run moves an episode on: new
alert days, amber escalated to red, and closed once the series has been back within its expected
range for the method's ``close_after`` days. What a run changed comes back as
:class:`EpisodeChanges`, the hook for notifications ("a new red episode", "an episode escalated").

Duty officers :func:`acknowledge`, :func:`comment` and :func:`close` an episode; what they write when
acknowledging is kept as a comment, and a closing needs a reason. Who may handle an episode is the
access policy's one answer (the change right), as for alerts. Every write is recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accord.core.access import Action, require
from accord.core.audit import Actor, record_change, save_with_record
from accord.core.derived import Labels
from accord.core.errors import ServiceError
from accord.core.validation import InvalidValue, check_record, check_text
from accord.crisis import early_warning, notifications
from accord.crisis.models import Alert, Episode, EpisodeComment, Series

RUN_REASON = "early-warning run"


def automatic_close_reason(quiet_days: int) -> str:
    """The reason the early-warning run gives when it closes an episode (kept in English in the record;
    pages show it in the reader's language from ``quiet_days``)."""
    return f"back within the expected range for {quiet_days} days"


class EpisodeError(ServiceError):
    """An episode cannot move as asked; the message names the field."""


@dataclass
class EpisodeChanges:
    """What one early-warning run changed: the hook for notifications.

    ``opened``: episodes stored for the first time and still open (a new red episode is one of these
    with ``level == "red"``); ``escalated``: episodes already known that went from amber to red;
    ``reopened``: episodes a person had closed that got new alert days; ``closed``: episodes the run
    closed because the series was quiet long enough. ``stored`` counts every new episode, including
    those of the past already closed when first stored (a first run over a whole series).
    """

    opened: list[Episode] = field(default_factory=list)
    escalated: list[Episode] = field(default_factory=list)
    reopened: list[Episode] = field(default_factory=list)
    closed: list[Episode] = field(default_factory=list)
    stored: int = 0

    def extend(self, other: EpisodeChanges) -> None:
        self.opened += other.opened
        self.escalated += other.escalated
        self.reopened += other.reopened
        self.closed += other.closed
        self.stored += other.stored

    def counts(self) -> dict[str, int]:
        return {
            "episodes_opened": len(self.opened),
            "episodes_escalated": len(self.escalated),
            "episodes_reopened": len(self.reopened),
            "episodes_closed": len(self.closed),
            "episodes_stored": self.stored,
        }


@transaction.atomic
def keep_in_step(
    series: Series,
    spans: Sequence[early_warning.EpisodeSpan],
    *,
    close_after: int,
    labels: Labels,
    actor: Actor,
) -> tuple[EpisodeChanges, dict[datetime.date, Episode]]:
    """Store the series' episodes as the verdicts group them; the episode of each alert day.

    Alerts already stored on those days without an episode (stored before episodes existed) are
    linked to theirs, so running the job again groups an older database.
    """
    changes = EpisodeChanges()
    by_day: dict[datetime.date, Episode] = {}
    signals: dict[datetime.date, early_warning.Signal] = {}
    for span in spans:
        episode = upsert(series, span, close_after=close_after, labels=labels, actor=actor, changes=changes)
        for signal in span.signals:
            by_day[signal.date] = episode
            signals[signal.date] = signal
    link_alerts(series, by_day, signals, actor=actor)
    announce(changes, actor)
    return changes, by_day


def announce(changes: EpisodeChanges, actor: Actor) -> None:
    """Tell those who asked for it of a new red episode or one that escalated (written in this
    transaction, so a run that fails tells nobody; the e-mails go by a background job)."""
    for episode in changes.opened:
        notifications.notify_episode_opened(episode, actor=actor)
    for episode in changes.escalated:
        notifications.notify_episode_escalated(episode, actor=actor)


def upsert(
    series: Series,
    span: early_warning.EpisodeSpan,
    *,
    close_after: int,
    labels: Labels,
    actor: Actor,
    changes: EpisodeChanges,
) -> Episode:
    """The stored episode of a span: created, or moved on to what the span now says."""
    method = span.signals[0].method
    episode = Episode.objects.filter(series=series, method=method, opened_on=span.opened_on).first()
    if episode is None:
        return create(series, span, close_after=close_after, labels=labels, actor=actor, changes=changes)
    fields: dict[str, object] = {}
    reasons = []
    if span.last_alert_on > episode.last_alert_on:
        fields["last_alert_on"] = span.last_alert_on
        reasons.append("new alert days")
        if episode.status == Episode.Status.CLOSED and not episode.closed_automatically:
            fields |= {"status": Episode.Status.OPEN, "closed_on": None}
            reasons.append("reopened: alert days after it was closed")
            changes.reopened.append(episode)
    if span.level == Episode.Level.RED and episode.level != Episode.Level.RED:
        fields |= {"level": Episode.Level.RED, "escalated_on": first_red_day(span)}
        reasons.append("escalated to red")
        changes.escalated.append(episode)
    fields |= closing_fields(fields.get("status", episode.status), episode, span, close_after, actor, changes)
    if (
        span.closed_on
        and fields.get("status", episode.status) == Episode.Status.CLOSED
        and not episode.closed_on
    ):
        fields["closed_on"] = span.closed_on  # closed by a person first: the quiet day is still told
    if fields:
        save_with_record(
            episode, actor=actor, reason=f"{RUN_REASON}: {', '.join(reasons) or 'closed'}", fields=fields
        )
    return episode


def create(
    series: Series,
    span: early_warning.EpisodeSpan,
    *,
    close_after: int,
    labels: Labels,
    actor: Actor,
    changes: EpisodeChanges,
) -> Episode:
    """A new episode; closed at once when the series was already quiet long enough (the past)."""
    episode = Episode(
        series=series,
        method=span.signals[0].method,
        opened_on=span.opened_on,
        last_alert_on=span.last_alert_on,
        level=span.level,
        escalated_on=span.escalated_on,
        **labels.as_fields(),
    )
    if span.closed_on:
        for name, value in automatic_closing(span.closed_on, close_after, actor).items():
            setattr(episode, name, value)
    save_with_record(episode, actor=actor, reason=RUN_REASON)
    changes.stored += 1
    if episode.status != Episode.Status.CLOSED:
        changes.opened.append(episode)
    return episode


def closing_fields(
    status: str,
    episode: Episode,
    span: early_warning.EpisodeSpan,
    close_after: int,
    actor: Actor,
    changes: EpisodeChanges,
) -> dict[str, object]:
    """The fields that close an episode (of this status) the run finds quiet long enough (nothing if not)."""
    if span.closed_on is None or status == Episode.Status.CLOSED:
        return {}
    changes.closed.append(episode)
    return automatic_closing(span.closed_on, close_after, actor)


def automatic_closing(closed_on: datetime.date, close_after: int, actor: Actor) -> dict[str, object]:
    return {
        "status": Episode.Status.CLOSED,
        "closed_on": closed_on,
        "closed_by": actor.name,
        "closed_at": timezone.now(),
        "close_reason": automatic_close_reason(close_after),
        "quiet_days": close_after,
    }


def first_red_day(span: early_warning.EpisodeSpan) -> datetime.date | None:
    return span.escalated_on or next(
        (signal.date for signal in span.signals if signal.level == Episode.Level.RED), None
    )


def link_alerts(
    series: Series,
    by_day: dict[datetime.date, Episode],
    signals: dict[datetime.date, early_warning.Signal],
    *,
    actor: Actor,
) -> None:
    """Point the stored alerts of those days that point nowhere (or elsewhere) at their episode; an
    alert stored before the method's own threshold was kept gets it from today's verdict."""
    if not by_day:
        return
    for alert in Alert.objects.filter(series=series, date__in=list(by_day)):
        episode = by_day[alert.date]
        if alert.method != episode.method or alert.episode_id == episode.pk:
            continue
        fields: dict[str, object] = {"episode": episode}
        if not alert.statistic_threshold:
            fields["statistic_threshold"] = signals[alert.date].statistic_threshold
        save_with_record(alert, actor=actor, reason="grouped into its episode", fields=fields)


def require_handler(actor: Actor, episode: Episode) -> None:
    """Only those the policy lets change the episode (CRC duty officers, among others) handle it."""
    require(actor.access_user, episode, Action.CHANGE)


def checked_text(text: str, name: str) -> str:
    """A person's text, trimmed and checked; the error names the field."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        check_text(text)
    except InvalidValue as refusal:
        raise EpisodeError(str(refusal), field=name) from None
    return text


@transaction.atomic
def acknowledge(episode: Episode, *, actor: Actor, comment_text: str = "") -> Episode:
    """A duty officer has seen the episode and is on it; what they wrote is kept as a comment."""
    require_handler(actor, episode)
    if episode.status != Episode.Status.OPEN:
        raise EpisodeError(
            f"the episode is {episode.get_status_display()}, only an open episode is acknowledged",
            field="status",
        )
    text = checked_text(comment_text, "text")
    save_with_record(
        episode,
        actor=actor,
        reason="acknowledged",
        fields={
            "status": Episode.Status.ACKNOWLEDGED,
            "acknowledged_by": actor.name,
            "acknowledged_at": timezone.now(),
        },
    )
    if text:
        add_comment(episode, text, EpisodeComment.Kind.ACKNOWLEDGEMENT, actor=actor)
    return episode


@transaction.atomic
def comment(episode: Episode, text: str, *, actor: Actor) -> EpisodeComment:
    """Add a comment; a closed episode keeps its record as it was."""
    require_handler(actor, episode)
    text = checked_text(text, "text")
    if not text:
        raise EpisodeError("a comment cannot be empty", field="text")
    if episode.status == Episode.Status.CLOSED:
        raise EpisodeError("the episode is closed", field="status")
    return add_comment(episode, text, EpisodeComment.Kind.COMMENT, actor=actor)


@transaction.atomic
def close(episode: Episode, reason: str, *, actor: Actor) -> Episode:
    """Close an episode, saying why (the reason is shown on its page and kept in its comments)."""
    require_handler(actor, episode)
    if episode.status == Episode.Status.CLOSED:
        raise EpisodeError("the episode is already closed", field="status")
    text = checked_text(reason, "reason")
    if not text:
        raise EpisodeError("say why the episode is closed", field="reason")
    save_with_record(
        episode,
        actor=actor,
        reason=text,
        fields={
            "status": Episode.Status.CLOSED,
            "closed_by": actor.name,
            "closed_at": timezone.now(),
            "close_reason": text,
            "quiet_days": None,
        },
    )
    add_comment(episode, text, EpisodeComment.Kind.CLOSING, actor=actor)
    return episode


def add_comment(episode: Episode, text: str, kind: str, *, actor: Actor) -> EpisodeComment:
    note = EpisodeComment(episode=episode, kind=kind, author=actor.name, text=text)
    check_record(note, EpisodeError)
    note.save()
    record_change(
        actor=actor,
        action="create",
        instance=note,
        before=None,
        after={"kind": kind, "text": text},
        reason=f"{kind} on an alert episode",
    )
    return note
