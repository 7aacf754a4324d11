"""Where facts come from: the one way every loader, importer and command finds or creates a Source.

A data set (the GED, the JHU series, the reference lists) names its source by key with its full
description, which the file's loader keeps up to date; a user recording a fact at the command line
names a source by key or by title, and the same title never makes a second source.
"""

from __future__ import annotations

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


def source_named(text: str, *, actor: Actor, error: type[Exception] = InvalidValue) -> Source:
    """The source whose key or title is ``text``, or a new one titled ``text`` (for recording commands).

    Looking titles up too means that citing "Charter of the CSTO" six times cites one source.
    """
    try:
        text = check_text(text).strip()
    except InvalidValue as refusal:
        raise error(f"source: {refusal}") from None
    if not text:
        raise error("source: name a source (its key or its title)")
    existing = (
        Source.objects.filter(key=text).first() or Source.objects.filter(title=text).order_by("pk").first()
    )
    if existing:
        return existing
    source = Source(key=unused_key(text))
    try:
        check_fields(source, {"title": text}, error)
    except error as problem:
        raise error(f"source: {problem}") from None
    save_with_record(source, actor=actor, fields={"title": text})
    return source


def unused_key(title: str) -> str:
    """A key made from the title, numbered when it is taken."""
    base = slugify(title)[:50] or "source"
    key, counter = base, 1
    while Source.objects.filter(key=key).exists():
        counter += 1
        key = f"{base}-{counter}"
    return key
