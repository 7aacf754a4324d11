"""Where facts come from: the one way every loader, importer and command finds or creates a Source.

A data set (the GED, the JHU series, the reference lists) names its source by key with its full
description, which the file's loader keeps up to date; a user recording a fact at the command line
names a source by key or by title — with its publisher and date when they are known — and citing the
same source again never makes a second one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.text import slugify

from accord.core.audit import Actor, save_with_record
from accord.core.models import Source
from accord.core.validation import InvalidValue, check_fields, check_text


def ensure_source(
    key: str, values: dict[str, Any], *, actor: Actor, reason: str = "data set source"
) -> Source:
    """The source ``key``, created or brought up to date with ``values`` (a change only if one differs)."""
    source = Source.objects.filter(key=key).first() or Source(key=key)
    save_with_record(source, actor=actor, reason=reason, fields=values)
    return source


def source_named(
    text: str,
    *,
    actor: Actor,
    error: type[Exception] = InvalidValue,
    publisher: str = "",
    published_on: datetime.date | None = None,
) -> Source:
    """The source whose key or title is ``text``, or a new one titled ``text`` (for recording commands).

    Looking titles up too means that citing "Charter of the CSTO" six times cites one source. When the
    publisher or the date of publication is given, a source is the same only if its title, publisher
    and date all match (two editions of one title are two sources), and a new one keeps them.
    """
    text = checked_part(text, "source", error)
    publisher = checked_part(publisher, "publisher", error)
    if not text:
        raise error("source: name a source (its key or its title)")
    existing = Source.objects.filter(key=text).first() or same_source(text, publisher, published_on)
    if existing:
        return existing
    values = {"title": text, "publisher": publisher, "published_on": published_on}
    source = Source(key=unused_key(text))
    try:
        check_fields(source, values, error)
    except error as problem:
        raise error(f"source: {problem}") from None
    save_with_record(source, actor=actor, fields=values)
    return source


def checked_part(text: str, field: str, error: type[Exception]) -> str:
    """One part of a citation, fit to look up and store, else ``error`` naming the field."""
    try:
        return check_text(text).strip()
    except InvalidValue as refusal:
        raise error(f"{field}: {refusal}") from None


def same_source(title: str, publisher: str, published_on: datetime.date | None) -> Source | None:
    """The first source cited by this title (and, when given, publisher and date), or None.

    A title alone finds it whatever its publisher; a title with a publisher or date finds only the
    source with exactly those (case and surrounding spaces aside), so details are never guessed.
    """
    found = Source.objects.filter(title__iexact=title)
    if publisher or published_on:
        found = found.filter(publisher__iexact=publisher, published_on=published_on)
    return found.order_by("pk").first()


def unused_key(title: str) -> str:
    """A key made from the title, numbered when it is taken."""
    base = slugify(title)[:50] or "source"
    key, counter = base, 1
    while Source.objects.filter(key=key).exists():
        counter += 1
        key = f"{base}-{counter}"
    return key
