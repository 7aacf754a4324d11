"""Monitoring records for tests, made directly (without the text pipeline) where a test needs items
with known tags: stories, signals, triage and pages are tested on them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from accord.core.audit import Actor, save_with_record
from accord.core.derived import PUBLIC_LABELS, Labels
from accord.monitoring.models import Item, ItemFigure, ItemTag, Source

ACTOR = Actor.system("monitoring-tests")


def make_source(key: str = "test-wire", *, labels: Labels = PUBLIC_LABELS, language: str = "") -> Source:
    """A source of uploaded files with these labels (made once per key)."""
    found = Source.objects.filter(key=key).first()
    if found is not None:
        return found
    source = Source(key=key, name=key.replace("-", " ").title(), kind=Source.Kind.UPLOAD, language=language)
    for name, value in labels.as_fields().items():
        setattr(source, name, value)
    save_with_record(source, actor=ACTOR, reason="tests")
    return source


def moment(day: datetime.date | str, hour: int = 9) -> datetime.datetime:
    """A day at an hour, UTC."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def make_item(
    source: Source,
    external_id: str,
    *,
    text: str = "",
    title: str = "",
    language: str = "en",
    published: datetime.datetime | None = None,
    tags: Iterable[tuple[str, str]] = (),
    figures: Iterable[tuple[float, str, str]] = (),
) -> Item:
    """A processed item of ``source`` with these tags (kind, key) and figures (value, unit, about)."""
    item = Item(
        source=source,
        external_id=external_id,
        title=title or external_id,
        text=text or title or external_id,
        language=language,
        published=published or timezone.now(),
        status=Item.Status.PROCESSED,
        exact_key=external_id,
        classification=source.classification,
        releasability=source.releasability,
        release_to=source.release_to,
    )
    save_with_record(item, actor=ACTOR, reason="tests")
    ItemTag.objects.bulk_create(
        ItemTag(item=item, kind=kind, key=key, rule="tests", words=[key]) for kind, key in tags
    )
    ItemFigure.objects.bulk_create(
        ItemFigure(item=item, value=value, unit=unit, about=about, words=f"{value:g} {unit}")
        for value, unit, about in figures
    )
    return item
