"""Telling people what happened: who is notified of what, their preferences, and reading notifications.

:func:`notify` is the one way news reaches people. Its recipients are the active users whose
preferences ask for this kind of news about this region, state, series and level, AND who may see
the record it is about (``restrict(user)``, asked once per kind of reader): nobody is told of a
record they may not see, not even that it exists. It writes the in-app notifications in the
caller's transaction (a report that is rolled back notifies no one) and queues one background job
that sends the e-mails (:mod:`accord.crisis.notification_mail`), so a slow mail server never slows
the page that caused the news.

The functions the early-warning and situation-report code call are written against attributes, not
models, so that they work for the episode and report models as they come:

- :func:`notify_episode_opened` and :func:`notify_episode_escalated` read ``episode.level``
  (``green``/``amber``/``red``), ``episode.series.country``, ``episode.series.key`` and, if present,
  ``episode.region`` (else ``episode.series.region``);
- :func:`notify_sitrep_approved` reads ``report.region`` or ``report.scope`` (a region key; anything
  else counts as no region) and, for its title, whatever ``str(report)`` says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accord.charter.models import Region, State
from accord.core.access import SYSTEM_USER, access_cache, is_restricted, own_records_field, parent_path
from accord.core.audit import Actor, save_with_record
from accord.core.errors import ServiceError
from accord.core.references import HIDDEN, Reference, References
from accord.crisis.models import (
    EmailStatus,
    Level,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from accord.crisis.models.notifications import LEVEL_ORDER
from accord.crisis.notification_mail import queue_mail

MAX_CHOICES = 200  # entries in one preference list: more is a mistake, not a preference
SERIES_KEY_LENGTH = 64
EARLY_WARNING = Actor.system("early-warning")


class NotificationError(ServiceError):
    """Notifications or preferences cannot be written as asked; the field is named."""


@dataclass(frozen=True)
class About:
    """What a piece of news is about, as preferences filter it (None: the news does not say)."""

    regions: frozenset[str]
    state: str | None = None
    series_key: str | None = None
    level: str | None = None


# Preferences


def default_preference(user: Any) -> NotificationPreference:
    """Everything the user may see, by e-mail too: what a user who never chose gets (not saved)."""
    return NotificationPreference(user=user)


def preference_of(user: Any) -> NotificationPreference:
    """The user's preferences, or the defaults when they have never chosen."""
    found = NotificationPreference.objects.restrict(user).filter(user_id=user.pk).first()
    return found if found is not None else default_preference(user)


def wants(preference: NotificationPreference, kind: str, about: About) -> bool:
    """Whether the preference asks for this news; each filter narrows only news that carries its field."""
    if preference.kinds and kind not in preference.kinds:
        return False
    if about.regions and preference.regions and not about.regions & set(preference.regions):
        return False
    if about.state and preference.states and about.state not in preference.states:
        return False
    if about.series_key and preference.series_keys and about.series_key not in preference.series_keys:
        return False
    return not (
        about.level and LEVEL_ORDER.get(about.level, len(LEVEL_ORDER)) < LEVEL_ORDER[preference.min_level]
    )


def chosen_list(values: Any, field: str, allowed: Iterable[str] | None = None) -> list[str]:
    """A list of distinct strings, each one of ``allowed`` when given; refused whole otherwise."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise NotificationError("expected a list", field=field)
    if len(values) > MAX_CHOICES:
        raise NotificationError(f"at most {MAX_CHOICES} entries", field=field)
    known = set(allowed) if allowed is not None else None
    cleaned: list[str] = []
    for value in values:
        if not isinstance(value, str) or not value.strip() or len(value) > SERIES_KEY_LENGTH:
            raise NotificationError(f"not a valid entry: {str(value)[:40]!r}", field=field)
        if any(ord(character) < 32 for character in value):
            raise NotificationError("an entry holds a control character", field=field)
        if known is not None and value not in known:
            raise NotificationError(f"unknown entry {value[:40]!r}", field=field)
        if str(value) not in cleaned:
            cleaned.append(str(value))  # plain text, not the API's enum members
    return sorted(cleaned)


def checked_preferences(user: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The preference fields from ``values``, each checked; the first bad one is refused with its name."""
    unknown = sorted(set(values) - {"kinds", "regions", "states", "series_keys", "min_level", "email"})
    if unknown:
        raise NotificationError("no such preference", field=unknown[0])
    level = str(values.get("min_level", Level.GREEN))
    if level not in Level.values:
        raise NotificationError(f"expected one of {', '.join(Level.values)}", field="min_level")
    email = values.get("email", True)
    if not isinstance(email, bool):
        raise NotificationError("expected true or false", field="email")
    return {
        "kinds": chosen_list(values.get("kinds"), "kinds", NotificationKind.values),
        "regions": chosen_list(
            values.get("regions"), "regions", Region.objects.restrict(user).values_list("key", flat=True)
        ),
        "states": chosen_list(
            values.get("states"), "states", State.objects.restrict(user).values_list("code", flat=True)
        ),
        "series_keys": chosen_list(values.get("series_keys"), "series_keys"),
        "min_level": level,
        "email": email,
    }


@transaction.atomic
def set_preferences(user: Any, values: dict[str, Any], *, actor: Actor) -> NotificationPreference:
    """Replace the user's preferences, recorded; each user sets their own (the system anyone's)."""
    acting = actor.access_user
    if acting is not SYSTEM_USER and getattr(acting, "pk", None) != user.pk:
        raise NotificationError("a user sets their own notification preferences", field="user")
    fields = checked_preferences(user, values)
    preference = NotificationPreference.objects.restrict(SYSTEM_USER).filter(user_id=user.pk).first()
    preference = preference or NotificationPreference(user=user)
    save_with_record(preference, actor=actor, reason="notification preferences", fields=fields)
    return preference


# Recipients


def regions_of(region: str | None, state: str | None) -> frozenset[str]:
    """The regions news is about: the one it names, else those its state belongs to."""
    if region:
        return frozenset({region})
    if state:
        keys = Region.objects.restrict(SYSTEM_USER).filter(states__code=state).values_list("key", flat=True)
        return frozenset(keys)
    return frozenset()


def seen_by_the_person(model: type[models.Model]) -> bool:
    """Whether who sees a record of ``model`` depends on the person, not only on their kind of
    reader: a model (or the record it is seen through) that each user sees their own of."""
    while True:
        if own_records_field(model):
            return True
        path = parent_path(model)
        if not path:
            return False
        for name in path.split("__"):
            model = model._meta.get_field(name).related_model


def reader_kind(user: Any, model: type[models.Model]) -> tuple[Any, ...]:
    """What the access policy reads of a user: users alike in all of it see the same records."""
    kind = (user.role, user.clearance, user.affiliation_state_id, user.is_superuser, user.is_active)
    return (*kind, user.pk) if seen_by_the_person(model) else kind


def who_may_see(record: models.Model, users: Sequence[Any]) -> list[Any]:
    """The users who may see ``record``: one ``restrict`` query per kind of reader, not per user."""
    model = type(record)
    if not is_restricted(model):
        return []  # a record no policy describes is seen by no one: fail closed
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for user in users:
        groups[reader_kind(user, model)].append(user)
    seeing: list[Any] = []
    with access_cache():
        for members in groups.values():
            if model._default_manager.restrict(members[0]).filter(pk=record.pk).exists():
                seeing += members
    return seeing


def recipients(
    kind: str,
    record: models.Model,
    about: About,
    actor: Actor,
    audience: Callable[[Any], bool] | None = None,
) -> list[tuple[Any, bool]]:
    """Each active user who wants this news and may see its record, with whether they want mail
    (only those ``audience`` admits, when the caller names whom the news is for)."""
    users = (
        get_user_model()
        .objects.restrict(SYSTEM_USER)
        .filter(is_active=True)
        .select_related("notification_preference")
        .order_by("pk")
    )
    interested: list[Any] = []
    by_mail: dict[Any, bool] = {}
    for user in users:
        if actor.user is not None and user.pk == actor.user.pk:
            continue  # nobody is told of what they did themselves
        if audience is not None and not audience(user):
            continue
        preference = getattr(user, "notification_preference", None) or default_preference(user)
        if wants(preference, kind, about):
            interested.append(user)
            by_mail[user.pk] = preference.email and bool(user.email)
    return [(user, by_mail[user.pk]) for user in who_may_see(record, interested)]


# Notifying


def notify(
    kind: str,
    record: models.Model,
    *,
    region: str | None = None,
    state: str | None = None,
    series_key: str | None = None,
    level: str | None = None,
    actor: Actor,
    audience: Callable[[Any], bool] | None = None,
) -> list[Notification]:
    """Tell everyone who wants this news and may see ``record``; queue one job for their e-mails.

    ``audience``, when given, narrows who the news is for (the national contact points of the states
    concerned and the duty officers, say); preferences and visibility still apply to them.

    Runs in the caller's transaction: if the change that caused the news is rolled back, nobody is
    told. Returns the notifications written.
    """
    if kind not in NotificationKind.values:
        raise NotificationError(f"expected one of {', '.join(NotificationKind.values)}", field="kind")
    if level is not None and level not in Level.values:
        raise NotificationError(f"expected one of {', '.join(Level.values)}", field="level")
    about = About(regions_of(region, state), state or None, series_key or None, level)
    content_type = ContentType.objects.get_for_model(type(record))
    with transaction.atomic():
        written = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=kind,
                content_type=content_type,
                object_id=str(record.pk),
                email_status=EmailStatus.PENDING if by_mail else EmailStatus.NOT_WANTED,
            )
            for user, by_mail in recipients(kind, record, about, actor, audience)
        )
        to_mail = [item.pk for item in written if item.email_status == EmailStatus.PENDING]
        if to_mail:
            queue_mail(to_mail)
    return written


def notify_episode_opened(episode: Any, *, actor: Actor = EARLY_WARNING) -> list[Notification]:
    """A new episode: news when it opens red (see the module's docstring for what it reads)."""
    if getattr(episode, "level", None) != Level.RED:
        return []
    return notify_episode(NotificationKind.EPISODE_RED, episode, actor)


def notify_episode_escalated(episode: Any, *, actor: Actor = EARLY_WARNING) -> list[Notification]:
    """An episode that rose to a higher level (``episode.level`` is the new one)."""
    return notify_episode(NotificationKind.EPISODE_ESCALATED, episode, actor)


def notify_episode(kind: str, episode: Any, actor: Actor) -> list[Notification]:
    series = episode.series
    region = getattr(episode, "region", None) or region_of(series.country)
    return notify(
        kind,
        episode,
        region=region,
        state=series.country,
        series_key=series.key,
        level=episode.level,
        actor=actor,
    )


def region_of(state: str) -> str | None:
    """The collective security region a state belongs to, for the preferences that name regions."""
    return (
        Region.objects.restrict(SYSTEM_USER).filter(states__code=state).values_list("key", flat=True).first()
    )


def notify_sitrep_approved(report: Any, *, actor: Actor) -> list[Notification]:
    """The daily situation report was approved: news for everyone who may read it."""
    scope = getattr(report, "region", None) or getattr(report, "scope", None) or ""
    known = Region.objects.restrict(SYSTEM_USER).filter(key=str(scope)).exists() if scope else False
    return notify(NotificationKind.SITREP_APPROVED, report, region=str(scope) if known else None, actor=actor)


def notify_report_received(event: Any, *, actor: Actor) -> list[Notification]:
    """A member state's situation report was recorded (called by the report service)."""
    return notify(
        NotificationKind.REPORT_RECEIVED,
        event,
        region=event.region or None,
        state=event.country,
        actor=actor,
    )


# Reading


def own_notifications(user: Any) -> models.QuerySet:
    """The user's own notifications, newest first (an administrator, too, reads only their own here)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.restrict(user).filter(recipient_id=user.pk).select_related("content_type")


def unread_count(user: Any) -> int:
    return own_notifications(user).filter(read_at__isnull=True).count()


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all of them when ``ids`` is None); how many changed.

    Bookkeeping of the reader's own inbox, like a run's progress: not put on the change record.
    """
    unread = own_notifications(user).filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


# Showing


@dataclass(frozen=True)
class NotificationRow:
    """A notification as its reader sees it: the kind of news, and the record as far as they may see it."""

    notification: Notification
    kind: str
    reference: Reference
    url: str

    def as_api(self) -> dict[str, Any]:
        item = self.notification
        return {
            "id": item.pk,
            "kind": item.kind,
            "kind_label": self.kind,
            "created_at": item.created_at,
            "read_at": item.read_at,
            "record": self.reference.as_api(),
            "url": self.url,
        }


# Pages of records of later apps that have no page of their own (an offer: its request's page), by
# model label; an app registers its own when it is ready (crisis never imports the apps above it).
# The function is handed the reader's resolver, so that it links only to a page the reader may see.
FALLBACK_PAGES: dict[str, Callable[[models.Model, References], str]] = {}


def register_fallback_page(label: str, page: Callable[[models.Model, References], str]) -> None:
    """Name the page that shows a visible ``label`` record in a notification (see :func:`fallback_page`)."""
    FALLBACK_PAGES[label] = page


def fallback_page(record: models.Model, resolver: References | None = None) -> str:
    """The page that shows a visible record that has no page of its own (an event: its state's picture)."""
    label = record._meta.label_lower
    if label == "crisis.event":
        return f"{reverse('crisis:dashboard')}?country={record.country}"
    page = FALLBACK_PAGES.get(label)
    return page(record, resolver) if page is not None and resolver is not None else ""


def notification_rows(resolver: References, notifications: Sequence[Notification]) -> list[NotificationRow]:
    """Rows for a page of notifications: one visibility query per kind of record, not per row."""
    by_model: dict[type[models.Model] | None, list[str]] = defaultdict(list)
    for item in notifications:
        by_model[item.content_type.model_class()].append(item.object_id)
    for model, keys in by_model.items():
        if model is not None:
            resolver.load(model, keys)
    rows = []
    for item in notifications:
        model = item.content_type.model_class()
        reference = (resolver.to(model, item.object_id) if model is not None else None) or HIDDEN
        url = (reference.url or fallback_page(reference.record, resolver)) if reference.visible else ""
        rows.append(NotificationRow(item, str(NotificationKind(item.kind).label), reference, url))
    return rows
