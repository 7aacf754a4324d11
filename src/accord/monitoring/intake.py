"""What every delivered text goes through: read it, drop person names, fingerprint it, and the
pieces an item is made of (its labels, its text, its tags and figures as rows).

Every path in — a feed entry, a file in a watched folder, an upload, a machine client — is taken in by
:mod:`accord.monitoring.intake_batch` with these, so every item is treated alike. An item that cannot
be read is stored with its error (the reason a user can act on) and the rest of the feed goes on; an
item delivered again is recognised by its id in the source and left as it was.

An item is compared for copies only with items of the same labels: a public report is never filed
as a copy of a classified one (which would hide it from those who may read it, or say that the other
exists), and a story holds items of one labelling, so whoever sees a story sees all of it.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, save_with_record
from accord.core.derived import Labels
from accord.core.models import Run
from accord.monitoring.models import Item, ItemFigure, ItemTag, Source
from accord.monitoring.understanding.analysis import Analysis

MAX_EXTERNAL_ID = 500
FEED_ENTRY_TYPE = "text/html; profile=feed-entry"  # the content type of a feed entry's HTML


@dataclass(frozen=True)
class Delivery:
    """One thing a source delivered, as it came: the bytes and what the source said about them."""

    external_id: str
    data: bytes
    name: str = ""
    content_type: str = ""
    address: str = ""
    published: datetime.datetime | None = None
    title: str = ""
    language: str = ""


@dataclass(frozen=True)
class Cleaned:
    """A delivery read into text: title and text without person names, language, fingerprints, and
    the title and text cut into words when no name had to be removed (the analysis reuses it)."""

    title: str
    text: str
    language: str
    published: datetime.datetime | None
    exact_key: str
    signature: bytes
    names_removed: int
    doc: Any = None

    @property
    def whole(self) -> str:
        """The title and the text as one text, as they are read and analysed."""
        return joined(self.title, self.text)


def joined(title: str, text: str) -> str:
    """A title and a text as one text (a paragraph break between them)."""
    return f"{title}{PARAGRAPH}{text}" if title else text


PARAGRAPH = "\n\n"


def labels_of(record: Source | Item) -> Labels:
    """A source's or an item's labels."""
    return Labels(record.classification, record.releasability, record.release_to)


def as_moment(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """A publication date as an aware moment (a bare date: its midnight, UTC)."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def extract_delivery(delivery: Delivery) -> Any:
    """The delivery's text: a feed entry's HTML read plainly (a few paragraphs, no page around them,
    where an article extractor may find nothing), any other document by its kind."""
    from accord.monitoring.text import extract

    if delivery.content_type == FEED_ENTRY_TYPE:
        return extract.extract_fragment(delivery.data.decode("utf-8", errors="replace"), title=delivery.title)
    return extract.extract_any(delivery.data, name=delivery.name, content_type=delivery.content_type)


def clean(source: Source, delivery: Delivery) -> Cleaned:
    """Read a delivery into a clean text, or raise :class:`TextError` saying why it cannot be read."""
    from accord.monitoring.understanding.knowledge import current_knowledge

    # The lexicon in force says which words are never a person's name (a state, a body, a training).
    return clean_text(delivery, source.language, current_knowledge().lexicon)


def clean_text(delivery: Delivery, source_language: str, lexicon: Any) -> Cleaned:
    """:func:`clean` with its source's language and the lexicon given: no database, so that a reader
    process (:mod:`accord.monitoring.readers`) can run it."""
    from accord.monitoring.text import dedup, errors, language, limits, normalise
    from accord.monitoring.understanding.doc import make_doc
    from accord.monitoring.understanding.names import remove_person_names

    if len(delivery.data) > limits.MAX_ITEM_BYTES:
        raise errors.too_large(len(delivery.data), limits.MAX_ITEM_BYTES, gettext_lazy("item"))
    extracted = extract_delivery(delivery)
    text = normalise.normalise(extracted.text)
    declared = source_language or delivery.language or extracted.language_hint or ""
    found = language.require_supported(text, declared)
    title = normalise.normalise(extracted.title or delivery.title).replace(PARAGRAPH, " ")[:500]
    whole = joined(title, text)
    doc = make_doc(whole, found)
    redacted = remove_person_names(whole, found, lexicon=lexicon, doc=doc)
    title, text = redacted.text.split(PARAGRAPH, 1) if title else ("", redacted.text)
    return Cleaned(
        title=title[:500],
        text=text,
        language=found,
        published=as_moment(delivery.published or extracted.published),
        exact_key=dedup.exact_key(text),
        signature=dedup.signature(text),
        names_removed=redacted.count,
        doc=doc if redacted.count == 0 else None,
    )


def external_id_of(delivery: Delivery) -> str:
    """The id a delivery is known by in its source (its own id, else its name or address)."""
    return (delivery.external_id or delivery.name or delivery.address)[:MAX_EXTERNAL_ID]


def store_failed(
    source: Source,
    delivery: Delivery,
    code: str,
    message: str,
    *,
    actor: Actor,
    run: Run | None = None,
    size: int | None = None,
) -> Item:
    """Store a delivery refused before it could be read (a file over the limit, read no further; an
    internal error), as a failed item with its error; one delivered before is returned as it is."""
    external_id = external_id_of(delivery)
    known = already_taken(source, external_id)
    if known is not None:
        return known
    item = new_item(source, delivery, external_id, run)
    item.size = min(size if size is not None else len(delivery.data), 2**31 - 1)
    item.title = (delivery.title or delivery.name)[:500]
    item.published = as_moment(delivery.published)
    item.status, item.error_code, item.error = Item.Status.FAILED, code[:40], message
    with transaction.atomic():
        save_with_record(item, actor=actor, reason="monitoring: an item that could not be read")
    return item


def already_taken(source: Source, external_id: str) -> Item | None:
    """The item ``source`` delivered before under this id, if any."""
    return Item.objects.restrict(SYSTEM_USER).filter(source=source, external_id=external_id).first()


def new_item(source: Source, delivery: Delivery, external_id: str, run: Run | None) -> Item:
    """An unsaved item of ``source`` with the labels of its source."""
    return Item(
        source=source,
        run=run,
        external_id=external_id,
        address=delivery.address[:500],
        size=len(delivery.data),
        **labels_of(source).as_fields(),
    )


def fill_text(item: Item, cleaned: Cleaned) -> None:
    """Put what cleaning found on the item."""
    item.title, item.text, item.language = cleaned.title, cleaned.text, cleaned.language
    item.published = cleaned.published
    item.exact_key = cleaned.exact_key
    item.signature = base64.b64encode(cleaned.signature).decode("ascii")
    item.names_removed = cleaned.names_removed


def save_analysis(item: Item, analysis: Analysis) -> None:
    """The item's tags and figures (derived from its text; the item's own record says who took it in)."""
    save_analyses([(item, analysis)])


def save_analyses(analysed: list[tuple[Item, Analysis]]) -> None:
    """The tags and figures of several items, in two inserts."""
    ItemTag.objects.bulk_create(row for item, analysis in analysed for row in tag_rows(item, analysis.tags))
    ItemFigure.objects.bulk_create(
        ItemFigure(
            item=item,
            value=figure.value,
            unit=figure.unit[:40],
            about=figure.about[:120],
            qualifier=figure.qualifier[:16],
            words=figure.words[:300],
        )
        for item, analysis in analysed
        for figure in analysis.figures
    )


def tag_rows(item: Item, tags: list[Any]) -> list[ItemTag]:
    """An item's tags as rows (each field cut to its column)."""
    return [
        ItemTag(
            item=item,
            kind=tag.kind,
            key=tag.key[:120],
            rule=tag.rule[:120],
            words=list(tag.words),
            spans=[list(span) for span in tag.spans],
            score=tag.score,
        )
        for tag in tags
    ]
