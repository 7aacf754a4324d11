"""Keying and anchoring the chain of change records, so that rewriting it is noticed.

A plain SHA-256 chain only proves that the records agree with each other: whoever can write to the
database can alter a record and recompute every later hash, or delete the newest records and move
the head back. Two things close that:

* every record's hash is an HMAC-SHA256 under the audit key, which is not in the database
  (``ACCORD_AUDIT_KEY``, or a key file in the data folder in embedded mode): without the key a
  record cannot be re-hashed;
* after every commit that adds records, the newest record's id and hash are appended to a
  checkpoint file in the data folder (each line keyed as well), and ``accord audit head`` prints
  the head to keep elsewhere: removing records from the end no longer goes unnoticed.

Records written before the chain was keyed keep their plain SHA-256 (the "legacy" scheme). They
are accepted only before the first keyed record, whose HMAC covers the last legacy hash: from the
moment keying began they cannot be rewritten, but nothing proves they were not rewritten before.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.models import ChainHead, ChangeRecord

GENESIS_HASH = "0" * 64
LEGACY_SCHEME = "sha256"
KEYED_PREFIX = "hmac-sha256:"
CHECKPOINT_FILE_NAME = "audit-checkpoints"
HEAD_PATTERN = re.compile(r"(\d{1,18}):([0-9a-f]{64})")
CHECKPOINT_PATTERN = re.compile(
    r"(\d{1,18}) ([0-9a-f]{64}) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) ([0-9a-f]{16}) ([0-9a-f]{64})"
)

# Each use of the key hashes under its own label, so that no value made for one use is valid for another.
RECORD_LABEL = b"accord change record\x00"
CHECKPOINT_LABEL = b"accord checkpoint\x00"
KEY_ID_LABEL = b"accord audit key id"


def audit_key() -> bytes:
    """The configured audit key (settings.AUDIT_KEY, read from the environment or the key file)."""
    return settings.AUDIT_KEY.encode("utf-8")


def key_id(key: bytes) -> str:
    """A short fingerprint of the key, stored with each record, so a wrong key is named as such.

    It is an HMAC of a fixed label, so it reveals nothing that helps to find the key.
    """
    return hmac.new(key, KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def keyed_scheme(key: bytes) -> str:
    """The scheme written into new records: the HMAC and which key made it."""
    return KEYED_PREFIX + key_id(key)


def canonical_content(record: ChangeRecord, *, with_scheme: bool) -> bytes:
    """The record's content as stable JSON: the same bytes on SQLite and PostgreSQL, now and later.

    Legacy records were hashed without the scheme; keyed records include it, so that a record
    cannot be passed off under another scheme.
    """
    content = {
        "at": record.at.isoformat() if record.at else None,
        "actor_user": record.actor_user_id,
        "actor_name": record.actor_name,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "before": record.before,
        "after": record.after,
        "reason": record.reason,
        "previous_hash": record.previous_hash,
    }
    if with_scheme:
        content["scheme"] = record.scheme
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return encoded.encode("utf-8")


def legacy_hash(record: ChangeRecord) -> str:
    """The unkeyed SHA-256 that records written before keying carry."""
    return hashlib.sha256(canonical_content(record, with_scheme=False)).hexdigest()


def keyed_hash(record: ChangeRecord, key: bytes) -> str:
    """The HMAC-SHA256 that only the holder of the key can compute."""
    return hmac.new(
        key, RECORD_LABEL + canonical_content(record, with_scheme=True), hashlib.sha256
    ).hexdigest()


def expected_hash(record: ChangeRecord, key: bytes) -> str | None:
    """What the record's hash must be under its own scheme; None for a scheme nobody writes."""
    if record.scheme == LEGACY_SCHEME:
        return legacy_hash(record)
    if record.scheme.startswith(KEYED_PREFIX):
        return keyed_hash(record, key)
    return None


def seal(record: ChangeRecord, key: bytes | None = None) -> None:
    """Give a new record the keyed scheme and its HMAC (its previous hash must be set)."""
    key = key or audit_key()
    record.scheme = keyed_scheme(key)
    record.hash = keyed_hash(record, key)


# --- Checkpoints: the head, anchored outside the database -------------------------------------


@dataclass(frozen=True)
class Head:
    """A record id and its hash: the end of the chain at some moment, as ``ID:HASH``."""

    record_id: int
    hash: str

    def __str__(self) -> str:
        return f"{self.record_id}:{self.hash}"


def parse_head(text: str) -> Head:
    """``ID:HASH`` as printed by ``accord audit head``; ValueError otherwise."""
    match = HEAD_PATTERN.fullmatch(text.strip().lower())
    if not match:
        raise ValueError(text)
    return Head(int(match[1]), match[2])


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file: the head after a commit, and when it was written."""

    line: int
    head: Head
    at: str


class CheckpointFileError(Exception):
    """A line of the checkpoint file is malformed, forged, or made with another key."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def checkpoint_path() -> Path:
    """The checkpoint file in the data folder (copy it off the machine to protect it)."""
    return Path(settings.DATA_DIR) / CHECKPOINT_FILE_NAME


def checkpoint_mac(key: bytes, body: str) -> str:
    """The HMAC that makes a checkpoint line impossible to forge without the key."""
    return hmac.new(key, CHECKPOINT_LABEL + body.encode("ascii"), hashlib.sha256).hexdigest()


def checkpoint_line(head: Head, at: datetime.datetime, key: bytes) -> str:
    """``ID HASH TIME KEYID MAC`` followed by a newline."""
    body = f"{head.record_id} {head.hash} {at:%Y-%m-%dT%H:%M:%SZ} {key_id(key)}"
    return f"{body} {checkpoint_mac(key, body)}\n"


def append_checkpoint(head: Head, *, path: Path | None = None, key: bytes | None = None) -> None:
    """Append one line in a single write to a file only its owner may read.

    O_APPEND keeps lines whole when several processes write; the file is never rewritten.
    """
    path = path or checkpoint_path()
    line = checkpoint_line(head, datetime.datetime.now(datetime.UTC), key or audit_key())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line.encode("ascii"))
    finally:
        os.close(descriptor)


def newest_head() -> Head | None:
    """The newest record's id and hash, read from the database."""
    newest = ChangeRecord.objects.order_by("-id").values_list("id", "hash").first()
    return Head(*newest) if newest else None


def checkpoint_newest_record() -> None:
    """After a commit: anchor the chain's newest record in the checkpoint file."""
    head = newest_head()
    if head is not None:
        append_checkpoint(head)


def checkpoint_after_commit() -> None:
    """Schedule one checkpoint for the current transaction, however many records it adds.

    The check against the pending callbacks keeps a bulk load to one line and one query, and
    re-schedules it when the savepoint that first scheduled it was rolled back. A failure to
    write is logged (robust), never turned into an error after the data has been committed.
    """
    pending = connection.run_on_commit
    if not any(callback is checkpoint_newest_record for _, callback, _ in pending):
        transaction.on_commit(checkpoint_newest_record, robust=True)


def parse_checkpoint(number: int, text: str, key: bytes) -> Checkpoint:
    """One line of the file, checked against the key."""
    match = CHECKPOINT_PATTERN.fullmatch(text)
    if not match:
        raise CheckpointFileError(
            "checkpoints", _("checkpoint line %(line)s is not a checkpoint") % {"line": number}
        )
    record_id, record_hash, at, written_with, mac = match.groups()
    if written_with != key_id(key):
        raise CheckpointFileError(
            "wrong-key",
            _(
                "the audit key is wrong, or the line was forged: checkpoint line %(line)s was written with "
                "key %(theirs)s, the key in use is %(ours)s"
            )
            % {"line": number, "theirs": written_with, "ours": key_id(key)},
        )
    body = f"{record_id} {record_hash} {at} {written_with}"
    if not hmac.compare_digest(mac, checkpoint_mac(key, body)):
        raise CheckpointFileError(
            "checkpoints",
            _("checkpoint line %(line)s was altered: it does not match its key") % {"line": number},
        )
    return Checkpoint(number, Head(int(record_id), record_hash), at)


def read_checkpoints(path: Path, key: bytes) -> list[Checkpoint] | None:
    """Every line of the checkpoint file, or None when there is no file."""
    try:
        text = path.read_bytes().decode("ascii")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CheckpointFileError(
            "checkpoints",
            _("the checkpoint file %(path)s cannot be read: %(reason)s")
            % {"path": path, "reason": error.strerror},
        ) from None
    except UnicodeDecodeError:
        raise CheckpointFileError(
            "checkpoints", _("the checkpoint file %(path)s is not a checkpoint file") % {"path": path}
        ) from None
    return [parse_checkpoint(number, line, key) for number, line in enumerate(text.splitlines(), start=1)]


# --- Verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: intact, or the first problem found and its kind.

    ``kind`` is "altered" (a record or link), "removed" (records missing at the end), "wrong-key",
    or "checkpoints" (the checkpoint file is missing, edited or forged).
    """

    intact: bool
    checked: int
    broken_at: int | None = None
    problem: str = ""
    kind: str = ""
    head: str = ""
    legacy: int = 0
    anchors: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """A head known from outside the database: a checkpoint line, or the head the user gave."""

    head: Head
    source: str


@dataclass
class ChainWalk:
    """The state of one walk over the records, oldest first."""

    key: bytes
    anchors: dict[int, list[Anchor]]
    checked: int = 0
    legacy: int = 0
    keyed: int = 0
    previous: str = GENESIS_HASH
    last_id: int = 0
    seen_anchors: set[int] = field(default_factory=set)

    def broken(self, record_id: int | None, problem: str, kind: str) -> ChainReport:
        return ChainReport(False, self.checked, record_id, problem, kind, legacy=self.legacy)

    def step(self, record: ChangeRecord) -> ChainReport | None:
        """Check one record; a report when it is the first broken one."""
        self.checked += 1
        if record.previous_hash != self.previous:
            return self.broken(record.id, _("its link does not match the record before it"), "altered")
        problem = self.scheme_problem(record)
        if problem:
            return problem
        expected = expected_hash(record, self.key)
        if expected is None or not hmac.compare_digest(expected, record.hash):
            return self.broken(record.id, _("its content does not match its hash"), "altered")
        for anchor in self.anchors.get(record.id, ()):
            self.seen_anchors.add(record.id)
            if anchor.head.hash != record.hash:
                return self.broken(
                    record.id, _("it differs from %(source)s") % {"source": anchor.source}, "altered"
                )
        self.previous, self.last_id = record.hash, record.id
        return None

    def scheme_problem(self, record: ChangeRecord) -> ChainReport | None:
        """Legacy records only before the first keyed one; keyed records all under this key."""
        if record.scheme == LEGACY_SCHEME:
            self.legacy += 1
            if self.keyed:
                return self.broken(
                    record.id, _("it is hashed without the key but follows keyed records"), "altered"
                )
            return None
        if not record.scheme.startswith(KEYED_PREFIX):
            return self.broken(record.id, _("its hash scheme is unknown"), "altered")
        written_with = record.scheme.removeprefix(KEYED_PREFIX)
        if written_with != key_id(self.key):
            if self.keyed:
                return self.broken(record.id, _("it names another key than the records before it"), "altered")
            return self.broken(
                record.id,
                _(
                    "the audit key is wrong, or the record was altered: it was written with key %(theirs)s, "
                    "the key in use is %(ours)s"
                )
                % {"theirs": written_with, "ours": key_id(self.key)},
                "wrong-key",
            )
        self.keyed += 1
        return None

    def end_problem(self) -> ChainReport | None:
        """Records removed from the end: by the head in the database, then by the heads kept outside it."""
        head = ChainHead.objects.filter(pk=1).first()
        if head is None and self.checked:
            return self.broken(self.last_id, _("the head of the chain is missing"), "removed")
        if head is not None and (head.last_id, head.last_hash) != (self.last_id, self.previous):
            return self.broken(
                head.last_id,
                _("the chain should end at record %(id)s; records were removed") % {"id": head.last_id},
                "removed",
            )
        return self.unmatched_anchor()

    def unmatched_anchor(self) -> ChainReport | None:
        """An anchor beyond the end (records removed), or naming a record that is not there."""
        for record_id in sorted(set(self.anchors) - self.seen_anchors, reverse=True):
            source = self.anchors[record_id][0].source
            if record_id > self.last_id:
                problem = _("the chain should reach record %(id)s (%(source)s); records were removed")
            else:
                problem = _("%(source)s names record %(id)s, which is missing")
            return self.broken(record_id, problem % {"id": record_id, "source": source}, "removed")
        return None


def anchors_from(checkpoints: Iterable[Checkpoint], given: Head | None) -> dict[int, list[Anchor]]:
    """Index the heads known from outside the database by record id."""
    anchors: dict[int, list[Anchor]] = {}
    for checkpoint in checkpoints:
        source = _("checkpoint line %(line)s, written %(at)s") % {
            "line": checkpoint.line,
            "at": checkpoint.at,
        }
        anchors.setdefault(checkpoint.head.record_id, []).append(Anchor(checkpoint.head, source))
    if given is not None:
        anchors.setdefault(given.record_id, []).append(Anchor(given, _("the head you gave")))
    return anchors


def missing_checkpoints_problem(path: Path, checkpoints: list[Checkpoint] | None) -> str:
    """Why verification cannot vouch for the end of a keyed chain without its checkpoints."""
    if checkpoints is None:
        return _(
            "the checkpoint file %(path)s is missing: records removed from the end cannot be noticed; "
            "restore it from your copy, or give the head you kept with --head ID:HASH"
        ) % {"path": path}
    return _(
        "the checkpoint file %(path)s is empty: records removed from the end cannot be noticed; "
        "restore it from your copy, or give the head you kept with --head ID:HASH"
    ) % {"path": path}


def verify(
    *, head: Head | None = None, checkpoint_file: Path | None = None, key: bytes | None = None
) -> ChainReport:
    """Walk every record in order: links, hashes under the key, and the heads kept outside the database."""
    key = key or audit_key()
    path = checkpoint_file or checkpoint_path()
    try:
        checkpoints = read_checkpoints(path, key)
    except CheckpointFileError as error:
        return ChainReport(False, 0, None, str(error), error.kind)
    walk = ChainWalk(key, anchors_from(checkpoints or (), head))
    for record in ChangeRecord.objects.order_by("id").iterator(chunk_size=2000):
        report = walk.step(record)
        if report is not None:
            return report
    report = walk.end_problem()
    if report is not None:
        return report
    notes: list[str] = []
    if walk.keyed and not checkpoints:
        problem = missing_checkpoints_problem(path, checkpoints)
        if head is None:
            return walk.broken(None, problem, "checkpoints")
        notes.append(problem)
    if walk.legacy:
        notes.append(
            ngettext(
                "%(count)s record was written before the chain was keyed: "
                "nothing proves it was not altered before",
                "%(count)s records were written before the chain was keyed: "
                "nothing proves they were not altered before",
                walk.legacy,
            )
            % {"count": walk.legacy}
        )
    return ChainReport(
        True,
        walk.checked,
        head=f"{walk.last_id}:{walk.previous}" if walk.checked else "",
        legacy=walk.legacy,
        anchors=sum(len(anchors) for anchors in walk.anchors.values()),
        notes=tuple(notes),
    )


def current_head(key: bytes | None = None) -> tuple[Head, bool] | None:
    """The newest record's head and whether it is keyed, after checking its own hash under the key.

    A head is only worth keeping if the key vouches for it; the whole chain behind it is checked
    by ``verify``.
    """
    key = key or audit_key()
    record = ChangeRecord.objects.order_by("-id").first()
    if record is None:
        return None
    expected = expected_hash(record, key)
    if expected is None or not hmac.compare_digest(expected, record.hash):
        raise ValueError(record.id)
    return Head(record.id, record.hash), record.scheme != LEGACY_SCHEME
