"""Fetching a source: its feed, its feed file or its watched folder, each item taken in on its own.

Every item goes through :func:`accord.monitoring.intake_batch.take_in_batch`, in batches, so a feed
entry, a file and an upload are treated alike. One item's failure never stops the others: a text that
cannot be read is stored failed with its error; any other error on one item is logged with its
traceback for the operator and stored on that item as ``internal``, and the others go on. A feed that
cannot be fetched or read at all ends the run with the reason, and nothing else is touched.

A watched folder is only read: its files are never moved or deleted (they are the user's). A file is
known by its path in the folder, its size and its time of change, so a file changed later is taken
in again as a new item, and a file over the item limit is refused on its item from its size, without
being read whole.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.models import Run
from accord.core.runs import add_message, add_problem, finish_run, report_progress
from accord.monitoring import intake, watched
from accord.monitoring.intake import Delivery
from accord.monitoring.intake_batch import BATCH_SIZE, Batch, begin_batch, finish_batch
from accord.monitoring.models import Item, Source

logger = logging.getLogger(__name__)
FETCH_TIMEOUT = 30  # seconds: a feed slower than this is tried again at its next turn
ITEM_SUFFIXES = frozenset({".html", ".htm", ".txt"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
RUN_KIND = "monitoring.fetch"


class SourceUnreadable(Exception):
    """The source as a whole cannot be read (the feed unreachable or malformed, the folder gone)."""

    def __init__(self, code: str, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.transient = transient


@dataclass(frozen=True)
class Refused:
    """A delivery refused before it was read (a file over the limit): stored failed with its error."""

    delivery: Delivery
    code: str
    message: str
    size: int


@dataclass
class FetchResult:
    """What one fetch did: its counts, each failed item (id, code, message), and why it stopped early."""

    run: Run
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)
    reason: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


# ---------------------------------------------------------------------------------------------
# Taking a series of deliveries in, one by one
# ---------------------------------------------------------------------------------------------


def take_in_refused(source: Source, refused: Refused, *, actor: Actor, run: Run) -> tuple[Item, bool]:
    """A delivery refused before it was read, stored failed with its error (or as it was taken before)."""
    known = intake.already_taken(source, intake.external_id_of(refused.delivery))
    if known is not None:
        return known, False
    item = intake.store_failed(
        source, refused.delivery, refused.code, refused.message, actor=actor, run=run, size=refused.size
    )
    return item, True


@dataclass
class BeganSome:
    """A fetch's batch begun: its deliveries in order, and the readable ones being read."""

    source: Source
    deliveries: list[Delivery | Refused]
    batch: Batch | None


def begin_some(source: Source, deliveries: list[Delivery | Refused], *, parallel: bool = False) -> BeganSome:
    """Start reading the readable deliveries of a batch (the refused ones need no reading)."""
    readable = [delivery for delivery in deliveries if not isinstance(delivery, Refused)]
    batch = begin_batch(source, readable, parallel=parallel) if readable else None
    return BeganSome(source, deliveries, batch)


def finish_some(began: BeganSome, *, actor: Actor, run: Run | None) -> list[tuple[Item, bool]]:
    """A batch stored: the readable deliveries together, the refused ones each failed, in order."""
    results = iter(finish_batch(began.batch, actor=actor, run=run) if began.batch else [])
    return [
        take_in_refused(began.source, delivery, actor=actor, run=run)
        if isinstance(delivery, Refused)
        else next(results)
        for delivery in began.deliveries
    ]


def take_in_some(
    source: Source, deliveries: list[Delivery | Refused], *, actor: Actor, run: Run | None
) -> list[tuple[Item, bool]]:
    """A batch of deliveries stored: the readable ones together, the refused ones each failed."""
    return finish_some(begin_some(source, deliveries), actor=actor, run=run)


def count(result: FetchResult, item: Item, new: bool) -> None:
    """Count one item on the result, with a message for each that failed."""
    if not new:
        result.unchanged += 1
    elif item.status == Item.Status.FAILED:
        result.rejected += 1
        result.failed.append((item.pk, item.error_code, item.error))
        add_problem(
            result.run,
            {
                "reason": item.error,
                "line": item.pk,
                "field": item.external_id[:120],
                "error_code": item.error_code,
            },
        )
    elif item.status == Item.Status.DUPLICATE:
        result.updated += 1
    else:
        result.added += 1


def take_in_all(
    source: Source,
    deliveries: Iterable[Delivery | Refused],
    *,
    actor: Actor,
    run: Run,
    total: int | None = None,
) -> FetchResult:
    """Take every delivery in, one failing never stopping the next, the run kept up to date."""
    result = FetchResult(run)
    report_progress(run, 0, total)
    done = 0
    waiting: BeganSome | None = None
    # Each batch is read (in the readers) while the one before it is stored.
    for batch in batches(deliveries, BATCH_SIZE):
        began = begin_some(source, batch, parallel=True)
        if waiting is not None:
            done = store_some(result, waiting, done, total, actor=actor, run=run)
        waiting = began
    if waiting is not None:
        store_some(result, waiting, done, total, actor=actor, run=run)
    return result


def store_some(
    result: FetchResult, began: BeganSome, done: int, total: int | None, *, actor: Actor, run: Run
) -> int:
    """Store a begun batch, count it on the fetch, and move the progress bar; the deliveries done."""
    for item, new in finish_some(began, actor=actor, run=run):
        count(result, item, new)
    done += len(began.deliveries)
    report_progress(run, done, total)
    return done


def batches(deliveries: Iterable[Delivery | Refused], size: int) -> Iterator[list[Delivery | Refused]]:
    """The deliveries in lists of ``size`` (a folder's files are read lazily, one batch at a time)."""
    batch: list[Delivery | Refused] = []
    for delivery in deliveries:
        batch.append(delivery)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def close_run(source: Source, result: FetchResult) -> FetchResult:
    """End the run with its counts (partial when an item failed) and note it on the source."""
    status = Run.Status.PARTIAL if result.rejected else Run.Status.COMPLETE
    finish_run(result.run, status, **result.counts)
    note_on_source(source, result.run)
    return result


def end_unreadable(source: Source, run: Run, problem: SourceUnreadable) -> FetchResult:
    """End the run as failed (worth trying again) or refused (the feed itself is wrong), with why."""
    add_message(run, str(problem), code="error" if problem.transient else "refused", reason=problem.code)
    finish_run(run, Run.Status.FAILED if problem.transient else Run.Status.REFUSED)
    note_on_source(source, run)
    return FetchResult(run, reason=str(problem))


def note_on_source(source: Source, run: Run) -> None:
    """The source's last fetch and its time: bookkeeping of the work (as a run is), not a change of
    the source, so it is written directly rather than on the change record."""
    source.last_run, source.last_fetched_at = run, timezone.now()
    Source.objects.restrict(SYSTEM_USER).filter(pk=source.pk).update(
        last_run=run, last_fetched_at=source.last_fetched_at
    )


# ---------------------------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------------------------


def entry_deliveries(feed: object, prefix: str = "") -> list[Delivery]:
    """One delivery per entry of a parsed feed: its HTML as UTF-8 bytes, with what the feed says."""
    return [
        Delivery(
            external_id=prefix + (entry.guid or entry.link or ""),
            data=(entry.html or "").encode("utf-8"),
            content_type=intake.FEED_ENTRY_TYPE,
            address=entry.link or "",
            published=entry.published,
            title=entry.title or "",
            language=entry.language or "",
        )
        for entry in feed.entries
    ]


def unreadable_from(error: Exception) -> SourceUnreadable:
    """A text error of the whole feed as the source's problem (unreachable: try again later)."""
    code = getattr(error, "code", "malformed-feed")
    return SourceUnreadable(code, str(error), transient=code == "unreachable")


def feed_deliveries(source: Source) -> list[Delivery]:
    """The entries of a feed at an address (a ``file:`` one only inside the monitoring folders)."""
    from accord.monitoring.text import feeds, limits
    from accord.monitoring.text.errors import TextError

    address = source.address
    if watched.file_path_of(address) is not None:
        return file_feed_deliveries(source, watched.file_path_of(address) or "")
    try:
        data = feeds.fetch(address, timeout=FETCH_TIMEOUT, max_bytes=limits.MAX_FEED_BYTES)
        return entry_deliveries(feeds.parse_feed(data, address=address))
    except TextError as error:
        raise unreadable_from(error) from None


def file_feed_deliveries(source: Source, path: str) -> list[Delivery]:
    """The entries of a feed file inside the monitoring folders (checked again at every fetch)."""
    from accord.monitoring.text import feeds, limits
    from accord.monitoring.text.errors import TextError

    resolved = watched.inside_roots(path)
    if resolved is None:
        raise SourceUnreadable("outside-folders", _("The feed file is not inside the monitoring folders."))
    if not resolved.is_file():
        raise SourceUnreadable(
            "unreachable", _("The feed file %(path)s is not there.") % {"path": path}, transient=True
        )
    try:
        data = limits.read_file_limited(resolved, limits.MAX_FEED_BYTES, what=_("feed"))
        return entry_deliveries(feeds.parse_feed(data, address=resolved.as_uri()))
    except TextError as error:
        raise unreadable_from(error) from None


# ---------------------------------------------------------------------------------------------
# Watched folders
# ---------------------------------------------------------------------------------------------


def folder_files(folder: Path) -> list[Path]:
    """The folder's regular files of the kinds taken in, in a stable order; hidden files, links and
    anything leading out of the folder are left alone."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink():
            continue
        if not path.is_file() or not watched.is_inside(path, folder):
            continue
        if path.suffix.lower() in ITEM_SUFFIXES | FEED_SUFFIXES:
            found.append(path)
    return found


def file_id(folder: Path, path: Path, stat: os.stat_result) -> str:
    """A file's id in its folder: its relative path, size and time of change (a changed file is new)."""
    return f"{path.relative_to(folder).as_posix()}|{stat.st_size}|{stat.st_mtime_ns}"


def read_head(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a file: enough to tell that it is over the limit."""
    with open(path, "rb") as stream:
        return stream.read(limit + 1)


def file_delivery(folder: Path, path: Path, source: Source) -> Iterator[Delivery | Refused]:
    """One file of a folder as its delivery, or refused from its size (read no further)."""
    from accord.monitoring.text import errors, limits

    stat = path.stat()
    delivery = Delivery(
        external_id=file_id(folder, path, stat),
        data=b"",
        name=path.name,
        content_type=CONTENT_TYPES.get(path.suffix.lower(), ""),
        address=path.relative_to(folder).as_posix(),
    )
    if intake.already_taken(source, intake.external_id_of(delivery)) is not None:
        yield delivery  # known: counted as unchanged without reading it
        return
    data = read_head(path, limits.MAX_ITEM_BYTES)
    if len(data) > limits.MAX_ITEM_BYTES or stat.st_size > limits.MAX_ITEM_BYTES:
        refusal = errors.too_large(max(stat.st_size, len(data)), limits.MAX_ITEM_BYTES, _("file"))
        yield Refused(delivery, refusal.code, str(refusal), max(stat.st_size, len(data)))
        return
    yield dataclasses.replace(delivery, data=data)


def feed_file_in_folder(folder: Path, path: Path) -> Iterator[Delivery | Refused]:
    """The entries of a feed lying in a watched folder (each known by the file and its own id); a
    feed file that cannot be read is one failed item, so the folder's other files go on."""
    from accord.monitoring.text import feeds, limits
    from accord.monitoring.text.errors import TextError

    relative = path.relative_to(folder).as_posix()
    try:
        data = limits.read_file_limited(path, limits.MAX_FEED_BYTES, what=_("feed"))
        yield from entry_deliveries(feeds.parse_feed(data, address=path.as_uri()), prefix=f"{relative}#")
    except TextError as error:
        stat = path.stat()
        delivery = Delivery(
            external_id=file_id(folder, path, stat), data=b"", name=path.name, address=relative
        )
        yield Refused(delivery, error.code, str(error), stat.st_size)


def folder_deliveries(source: Source) -> tuple[Iterator[Delivery | Refused], int | None]:
    """The deliveries of a watched folder inside the monitoring folders, and how many files it holds."""
    folder = watched.inside_roots(source.address)
    if folder is None:
        raise SourceUnreadable("outside-folders", _("The folder is not inside the monitoring folders."))
    if not folder.is_dir():
        raise SourceUnreadable(
            "unreachable", _("The folder %(path)s is not there.") % {"path": source.address}, transient=True
        )
    files = folder_files(folder)

    def each() -> Iterator[Delivery | Refused]:
        for path in files:
            if path.suffix.lower() in FEED_SUFFIXES:
                yield from feed_file_in_folder(folder, path)
            else:
                yield from file_delivery(folder, path, source)

    has_feeds = any(path.suffix.lower() in FEED_SUFFIXES for path in files)
    return each(), None if has_feeds else len(files)  # a feed file's entries are counted as they come


# ---------------------------------------------------------------------------------------------
# The one entry point
# ---------------------------------------------------------------------------------------------


def deliveries_of(source: Source) -> tuple[Iterable[Delivery | Refused], int | None]:
    """What the source holds now, as deliveries, and how many (when known)."""
    if source.kind == Source.Kind.FEED:
        entries = feed_deliveries(source)
        return entries, len(entries)
    if source.kind == Source.Kind.FEED_FILE:
        entries = file_feed_deliveries(source, watched.file_path_of(source.address) or source.address)
        return entries, len(entries)
    if source.kind == Source.Kind.FOLDER:
        return folder_deliveries(source)
    raise SourceUnreadable(
        "not-fetched",
        _("A source of kind %(kind)s is not fetched: its items are sent to it.") % {"kind": source.kind},
    )


def fetch_source(source: Source, *, actor: Actor, run: Run) -> FetchResult:
    """Fetch ``source`` now on ``run``, which ends with the counts (added, updated, unchanged,
    rejected) and one message per failed item, or failed/refused with the reason."""
    try:
        deliveries, total = deliveries_of(source)
    except SourceUnreadable as problem:
        return end_unreadable(source, run, problem)
    return close_run(source, take_in_all(source, deliveries, actor=actor, run=run, total=total))


def take_in_files(
    source: Source, deliveries: Iterable[Delivery | Refused], *, actor: Actor, run: Run, total: int
) -> FetchResult:
    """Files given by hand (uploaded on the page, named at the command line), one item each."""
    return close_run(source, take_in_all(source, deliveries, actor=actor, run=run, total=total))
