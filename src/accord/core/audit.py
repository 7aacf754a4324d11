"""The record of changes: who changed what, when, from which value to which, and why.

Each record's hash covers its content and the previous record's hash, so a record altered,
removed or inserted afterwards breaks the chain at that point. The hash is keyed and the head is
anchored outside the database (see :mod:`accord.core.chain`), so the chain cannot be rewritten
or cut short by someone who can only write to the database.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile

from accord.core import chain
from accord.core.chain import GENESIS_HASH, ChainReport, Head
from accord.core.classification import LOGGED_READ_LEVELS
from accord.core.models import ChainHead, ChangeRecord
from accord.core.reads import ReadEntry, record_read

__all__ = ["GENESIS_HASH", "ChainReport", "Head"]

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


_declared_secrets: dict[str, frozenset[str]] = {}


def declare_secret_fields(model: type[models.Model], *names: str) -> None:
    """Declare fields of a model we do not own (django-otp, sessions …) as secret.

    Our own models declare ``secret_fields`` on the class; a third-party model is declared by the
    app that uses it, from its ``ready()``, so that nothing outside a model lists it by name at
    the point where records are written.
    """
    for name in names:
        model._meta.get_field(name)  # a misspelt declaration fails at start-up, not silently
    label = model._meta.label_lower
    _declared_secrets[label] = _declared_secrets.get(label, frozenset()) | frozenset(names)


def secret_fields(model: type[models.Model]) -> frozenset[str]:
    """The names of a model's fields that must never enter a change record."""
    own = frozenset(getattr(model, "secret_fields", ()))
    return own | _declared_secrets.get(model._meta.label_lower, frozenset())


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The stored field values of an instance (foreign keys as ids), without its secrets.

    A change record is immutable and readable by everyone who may see the object, so a password
    hash, a token hash or a TOTP key written here could never be taken back.
    """
    hidden = secret_fields(type(instance))
    return {
        field.attname: json_safe(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname != "id" and field.name not in hidden and field.attname not in hidden
    }


def record_hash(record: ChangeRecord) -> str:
    """The hash the record must carry under its scheme: HMAC under the audit key, or legacy SHA-256."""
    return chain.expected_hash(record, chain.audit_key()) or ""


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
    chain.seal(record)
    record.save(force_insert=True)
    ChainHead.objects.update_or_create(pk=1, defaults={"last_id": record.id, "last_hash": record.hash})
    chain.checkpoint_after_commit()
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


def verify_chain(*, head: Head | None = None, checkpoint_file: Path | None = None) -> ChainReport:
    """Walk every record in order: links, keyed hashes, and the heads kept outside the database."""
    return chain.verify(head=head, checkpoint_file=checkpoint_file)


def log_read(user: Any, record: models.Model, via: str) -> None:
    """Record that someone read a CONFIDENTIAL or SECRET record, never making the read wait.

    While a long import holds SQLite's write lock the read goes to a journal that the next writer
    folds into the log (:mod:`accord.core.reads`).
    """
    classification = getattr(record, "classification", None)
    if classification not in LOGGED_READ_LEVELS:
        return
    record_read(ReadEntry.of(user, record, classification, via))
