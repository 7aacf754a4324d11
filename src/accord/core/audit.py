"""The record of changes: who changed what, when, from which value to which, and why.

Each record's hash covers its content and the previous record's hash, so a record altered,
removed or inserted afterwards breaks the chain at that point.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile

from accord.core.classification import LOGGED_READ_LEVELS
from accord.core.models import ChainHead, ChangeRecord
from accord.core.reads import ReadEntry, record_read

GENESIS_HASH = "0" * 64
CHAIN_LOCK_ID = 4_242_001


@dataclass(frozen=True)
class Actor:
    """Who acts: a logged-in user, or a named system actor for the CLI and importers."""

    name: str
    user: Any = None

    @classmethod
    def system(cls, name: str) -> Actor:
        """A named system actor such as ``system:charter-loader``."""
        return cls(name=f"system:{name}")

    @classmethod
    def for_user(cls, user: Any) -> Actor:
        """The actor for a logged-in user."""
        return cls(name=user.get_username(), user=user)

    @property
    def access_user(self) -> Any:
        """Whom the access policy judges: the user, or the trusted system for named system actors."""
        from accord.core.access import SYSTEM_USER

        return self.user if self.user is not None else SYSTEM_USER


def json_safe(value: Any) -> Any:
    """Turn model values into JSON values that compare and hash the same way every time."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored field values of an instance (foreign keys as ids)."""
    return {
        field.attname: json_safe(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname != "id"
    }


def record_hash(record: ChangeRecord) -> str:
    """SHA-256 over the record's content and the previous hash."""
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
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    """Serialize appends to the chain; SQLite's immediate transactions already do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])


def record_change(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> ChangeRecord:
    """Append one change record; must run inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("record_change must be called inside transaction.atomic()")
    _lock_chain()
    last = ChangeRecord.objects.order_by("-id").only("hash").first()
    record = ChangeRecord(
        actor_user=actor.user,
        actor_name=actor.name,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
        reason=reason,
        previous_hash=last.hash if last else GENESIS_HASH,
    )
    record.at = datetime.datetime.now(datetime.UTC)
    record.hash = record_hash(record)
    record.save(force_insert=True)
    ChainHead.objects.update_or_create(pk=1, defaults={"last_id": record.id, "last_hash": record.hash})
    return record


@transaction.atomic
def save_with_record(
    instance: models.Model, *, actor: Actor, reason: str = "", fields: dict[str, Any] | None = None
) -> bool:
    """Create or update ``instance`` (optionally setting ``fields``) and record what changed.

    Returns whether anything changed: saving identical values writes nothing, so loading the
    same data twice leaves no trace.
    """
    creating = instance._state.adding
    before = None if creating else snapshot(instance)
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    after = snapshot(instance)
    if not creating and before == after:
        return False
    instance.save()
    record_change(
        actor=actor,
        action=ChangeRecord.Action.CREATE if creating else ChangeRecord.Action.UPDATE,
        instance=instance,
        before=before,
        after=snapshot(instance),
        reason=reason,
    )
    return True


@transaction.atomic
def delete_with_record(instance: models.Model, *, actor: Actor, reason: str = "") -> None:
    """Delete ``instance`` and record its last values."""
    before = snapshot(instance)
    record_change(
        actor=actor,
        action=ChangeRecord.Action.DELETE,
        instance=instance,
        before=before,
        after=None,
        reason=reason,
    )
    instance.delete()


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain: intact, or the first broken record and why."""

    intact: bool
    checked: int
    broken_at: int | None = None
    problem: str = ""


def verify_chain() -> ChainReport:
    """Walk every record in order and check its hash and its link to the one before."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    for record in ChangeRecord.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if record.previous_hash != previous:
            return ChainReport(False, checked, record.id, "its link does not match the record before it")
        if record_hash(record) != record.hash:
            return ChainReport(False, checked, record.id, "its content does not match its hash")
        previous, last_id = record.hash, record.id
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and checked:
        return ChainReport(False, checked, last_id, "the head of the chain is missing")
    if head is not None and (head.last_id, head.last_hash) != (last_id, previous):
        return ChainReport(
            False,
            checked,
            head.last_id,
            f"the chain should end at record {head.last_id}; records were removed",
        )
    return ChainReport(True, checked)


def log_read(user: Any, record: models.Model, via: str) -> None:
    """Record that someone read a CONFIDENTIAL or SECRET record, never making the read wait.

    While a long import holds SQLite's write lock the read goes to a journal that the next writer
    folds into the log (:mod:`accord.core.reads`).
    """
    classification = getattr(record, "classification", None)
    if classification not in LOGGED_READ_LEVELS:
        return
    record_read(ReadEntry.of(user, record, classification, via))
