"""Taking a batch of deliveries in at once: each read and understood as :mod:`intake` does, stored in one
transaction with one change record for the batch and each story written once.

A fetch brings items by the hundred, and an item on its own costs about twenty queries, most of them
for its change record and its story's. Here the items of a batch are inserted with what they carry (a
copy its original and story, a new item its story), their tags and figures in bulk, and one change
record on the source names every item with the digest of its title and text — the history still
says who took each item in, when, and what it said, and a changed text no longer matches its digest.

An item delivered before is returned as it was. If anything unexpected goes wrong in a batch, nothing
of it is kept and its deliveries are taken in one by one, so that only the item at fault is stored
failed (``internal``) and the others go in.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, record_change
from accord.core.derived import Labels
from accord.core.models import ChangeRecord, Run
from accord.monitoring import copies
from accord.monitoring.intake import (
    Cleaned,
    Delivery,
    as_moment,
    external_id_of,
    fill_text,
    labels_of,
    new_item,
    save_analyses,
)
from accord.monitoring.models import Item, Source
from accord.monitoring.readers import BatchReading, Fault, InternalError, Refusal
from accord.monitoring.story_book import StoryBook

logger = logging.getLogger(__name__)
BATCH_SIZE = 100  # deliveries stored in one transaction (a fetch's progress moves by batches)


@dataclass
class Reading:
    """One new delivery of the batch, read (``cleaned``) or refused (``error``), and its stored item."""

    delivery: Delivery
    external_id: str
    cleaned: Cleaned | None = None
    error: Exception | None = None
    item: Item | None = None
    stored_before: bool = False  # found stored by another worker when taken in alone


@dataclass
class Batch:
    """A batch begun: its deliveries' ids, the items delivered before, and the new ones being read."""

    source: Source
    ids: list[str]
    known: dict[str, Item]
    fresh: dict[str, Delivery]
    reading: BatchReading


def take_in_batch(
    source: Source, deliveries: Sequence[Delivery], *, actor: Actor, run: Run | None = None
) -> list[tuple[Item, bool]]:
    """Store every delivery of ``source`` (processed, a copy, or failed with its error); for each, its
    item and whether it is new (an item delivered before is returned as it was)."""
    return finish_batch(begin_batch(source, deliveries), actor=actor, run=run)


def take_in(source: Source, delivery: Delivery, *, actor: Actor, run: Run | None = None) -> Item:
    """Store one delivery of ``source`` as an item (processed, a duplicate, or failed with its error).

    An item the source delivered before (the same id in the source) is returned as it is. One delivery
    is a batch of one (:mod:`accord.monitoring.intake_batch`): every item is taken in alike.
    """
    return take_in_batch(source, [delivery], actor=actor, run=run)[0][0]


def begin_batch(source: Source, deliveries: Sequence[Delivery], *, parallel: bool = False) -> Batch:
    """Find which deliveries are new and start reading them (``parallel``: in the reader processes,
    for a job worker's fetch): a fetch begins its next batch before it stores this one."""
    from accord.monitoring.understanding.knowledge import current_knowledge

    ids = [external_id_of(delivery) for delivery in deliveries]
    known = taken_before(source, ids)
    fresh: dict[str, Delivery] = {}
    for delivery, external_id in zip(deliveries, ids, strict=True):
        if external_id not in known:
            fresh.setdefault(external_id, delivery)
    lexicon = current_knowledge().lexicon
    reading = BatchReading(list(fresh.values()), source.language, lexicon, parallel=parallel)
    return Batch(source, ids, known, fresh, reading)


def finish_batch(batch: Batch, *, actor: Actor, run: Run | None) -> list[tuple[Item, bool]]:
    """Store what was read, and answer for each delivery its item and whether it is new."""
    read = batch.reading.results()
    # A fetch begins a batch before the one before it is stored: what that one stored is known now.
    known = dict(batch.known) | (taken_before(batch.source, list(batch.fresh)) if batch.fresh else {})
    readings = [
        Reading(delivery, external_id, **outcome(result))
        for (external_id, delivery), result in zip(batch.fresh.items(), read, strict=True)
        if external_id not in known
    ]
    if readings:
        store_readings(batch.source, readings, actor=actor, run=run)
    for reading in readings:
        if reading.stored_before:
            known[reading.external_id] = reading.item
    fresh = {reading.external_id: reading.item for reading in readings if not reading.stored_before}
    results: list[tuple[Item, bool]] = []
    for external_id in batch.ids:
        item = known.get(external_id) or fresh[external_id]
        results.append((item, external_id in fresh and item is fresh[external_id]))
        fresh.pop(external_id, None)  # a delivery repeated within the batch is new only once
        known.setdefault(external_id, item)
    return results


def outcome(result: Cleaned | Refusal | Fault) -> dict[str, Any]:
    """A reader's result as a reading's fields: the clean text, or the error it stands for."""
    if isinstance(result, Refusal | Fault):
        return {"error": result.as_error()}
    return {"cleaned": result}


def taken_before(source: Source, ids: list[str]) -> dict[str, Item]:
    """The items ``source`` delivered before under these ids (one query)."""
    found = Item.objects.restrict(SYSTEM_USER).filter(source=source, external_id__in=set(ids))
    return {item.external_id: item for item in found}


def store_readings(source: Source, readings: list[Reading], *, actor: Actor, run: Run | None) -> None:
    """Store the batch in one transaction; if it fails, one by one so that only the culprit fails."""
    try:
        with transaction.atomic():
            store_all(source, readings, actor=actor, run=run)
        return
    except IntegrityError:
        logger.info("monitoring: a batch of %s met another worker's items; taken in one by one", source.key)
    except Exception:
        logger.warning("monitoring: a batch of %s failed; taken in one by one", source.key, exc_info=True)
    # The index of copies remembered the batch's items, which are gone with it: it is built again.
    copies.forget()
    for reading in readings:
        store_alone(source, reading, actor=actor, run=run)


def store_alone(source: Source, reading: Reading, *, actor: Actor, run: Run | None) -> None:
    """One delivery of a failed batch on its own: stored, found stored by another worker, or failed."""
    from accord.monitoring.intake import store_failed

    reading.item = None
    try:
        with transaction.atomic():
            store_all(source, [reading], actor=actor, run=run)
        return
    except IntegrityError:
        copies.forget()
        reading.item = taken_before(source, [reading.external_id]).get(reading.external_id)
        if reading.item is not None:
            reading.stored_before = True
            return
        logger.exception("monitoring: item %r of source %s clashed", reading.external_id, source.key)
    except OperationalError:
        copies.forget()
        raise  # a deadlock or a lost connection is no fault of the item: the fetch is tried again
    except Exception:
        copies.forget()
        logger.exception(
            "monitoring: item %r of source %s could not be taken in", reading.external_id, source.key
        )
    message = str(InternalError())
    reading.item = store_failed(source, reading.delivery, "internal", message, actor=actor, run=run)


def store_all(source: Source, readings: list[Reading], *, actor: Actor, run: Run | None) -> None:
    """Save every reading as an item — failed, a copy, or new in its story — then the batch's record."""
    from accord.monitoring.understanding.analysis import analyse
    from accord.monitoring.understanding.knowledge import current_knowledge

    labels = labels_of(source)
    lock_labelling(labels)
    read_ok = [reading for reading in readings if reading.cleaned is not None]
    originals = stored_originals(labels, [reading.cleaned.exact_key for reading in read_ok])
    copies.catch_up()
    knowledge = current_knowledge()
    book = StoryBook(labels.as_fields(), [moment_of_reading(reading) for reading in read_ok], actor=actor)
    analyses = []
    for reading in readings:
        item = new_item(source, reading.delivery, reading.external_id, run)
        reading.item = item
        if reading.cleaned is None:
            save_failed(item, reading)
            continue
        fill_text(item, reading.cleaned)
        original, similarity = find_original(item, reading.cleaned, originals)
        if original is not None:
            save_copy(item, original, similarity, book)
            continue
        analysis = analyse(reading.cleaned.whole, item.language, knowledge, doc=reading.cleaned.doc)
        item.status, item.rules_version = Item.Status.PROCESSED, knowledge.rules_version
        item.story = book.place(item, analysis)
        item.save(force_insert=True)
        book.joined_item(item.story, item, copy=False)
        originals.setdefault(item.exact_key, item)
        copies.remember(labels, item.pk, reading.cleaned.signature)
        analyses.append((item, analysis))
    book.write()
    save_analyses(analyses)
    record_batch(source, readings, actor=actor, run=run)


LABELLING_LOCK = 7315  # the advisory lock class of monitoring's batches (PostgreSQL)


def lock_labelling(labels: Labels) -> None:
    """One batch of a labelling at a time (PostgreSQL; SQLite's write transactions are already one at
    a time): two workers fetching the same article from two sources must see each other's items and
    stories, or both would store it as an original; and batches then never wait on each other's
    stories in turn."""
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(repr(copies.labels_key(labels)).encode()) - 2**31
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s::integer, %s::integer)", [LABELLING_LOCK, key])


def moment_of_reading(reading: Reading):
    """When a read delivery counts for stories: published, else now (it is received now)."""
    from django.utils import timezone

    return reading.cleaned.published or timezone.now()


def stored_originals(labels, keys: list[str]) -> dict[str, Item]:
    """The first stored original of each of these texts among the items of these labels (one query)."""
    found: dict[str, Item] = {}
    if not keys:
        return found
    rows = (
        Item.objects.restrict(SYSTEM_USER)
        .filter(exact_key__in=set(keys), status=Item.Status.PROCESSED, **labels.as_fields())
        .order_by("id")
    )
    for item in rows:
        found.setdefault(item.exact_key, item)
    return found


def find_original(item: Item, cleaned: Cleaned, originals: dict[str, Item]) -> tuple[Item | None, float]:
    """The item this one copies: the same text (stored, or earlier in the batch), else nearly."""
    exact = originals.get(cleaned.exact_key)
    if exact is not None:
        return exact, 1.0
    pk, similarity = copies.nearest_key(labels_of(item), cleaned.signature, catch_up_first=False)
    if pk is None:
        return None, 0.0
    in_batch = next((found for found in originals.values() if found.pk == pk), None)
    return in_batch or Item.objects.restrict(SYSTEM_USER).filter(pk=pk).first(), similarity


def save_failed(item: Item, reading: Reading) -> None:
    """A delivery that could not be read, stored with the reason."""
    item.title = (reading.delivery.title or reading.delivery.name)[:500]
    item.published = as_moment(reading.delivery.published)
    item.status, item.error_code, item.error = Item.Status.FAILED, reading.error.code, str(reading.error)
    item.save(force_insert=True)


def save_copy(item: Item, original: Item, similarity: float, book: StoryBook) -> None:
    """A copy of an item already in: in its original's story (followed through merges), one more
    source of it, never one more item."""
    story = book.story_for_copy(original.story_id) if original.story_id else None
    item.status, item.duplicate_of, item.similarity = Item.Status.DUPLICATE, original, similarity
    item.story = story
    item.save(force_insert=True)
    if story is not None:
        book.add_copy(item, story)
        book.joined_item(story, item, copy=True)


def record_batch(source: Source, readings: list[Reading], *, actor: Actor, run: Run | None) -> None:
    """One change record for the batch: each item's id, status and the digest of its title and text."""
    items = [reading.item for reading in readings]
    record_change(
        actor=actor,
        action=ChangeRecord.Action.UPDATE,
        instance=source,
        before=None,
        after={
            "run": run.pk if run is not None else None,
            "items_taken_in": [[item.pk, item.status, text_digest(item)] for item in items],
        },
        reason=f"monitoring: {len(items)} items taken in",
    )


def text_digest(item: Item) -> str:
    """The SHA-256 of an item's title and text: the record says what the item said without holding it."""
    return hashlib.sha256(f"{item.title}\n\n{item.text}".encode()).hexdigest()
