"""Making tables match a data file's rows by natural key, recording every change, losing nothing recorded.

A data file (a charter, a decisions file, later the forces, response and monitoring files) lists
rows; loading it creates, updates and deletes rows so that the database says what the file says.
People record facts too (``accord appoint``, a ratification through the API, a decided agenda
item), often in the same tables. A reload must never take those away, so the sync keeps, for
every row a file wrote, a :class:`~accord.core.models.FileRow`: the file, the row's natural key,
the row's id and the digest of the values the file gave it. Then, for each row of the file:

- **no row has its key**: the row is created and becomes the file's;
- **the file's own row, as loaded**: it takes the file's values if they changed;
- **the file's own row, changed since by someone**: the change is kept. If the file changed the
  row too (to other values), the two disagree: the recorded values stay and a
  :class:`Conflict` is reported. If the file did not change it, a later record is simply newer
  than the file and nothing is said;
- **a row with that key that the file never wrote** (a person recorded it, or another file
  loaded it): the row stays as it is, and a different row in the file is reported as a conflict.

A row the file wrote and no longer lists is deleted, with a change record naming the file, unless
someone changed it since (it is kept, no longer the file's, and reported) or rows that are not
the file's refer to it (it is kept, still the file's, and reported): deleting it would delete or
blank what they recorded. Deletions run after every table is written, children first, so rows
moved to a new parent are never caught by the old parent's removal.

**Databases loaded before provenance existed.** Their rows have no ``FileRow``. The first time a
file is loaded with provenance (no ``FileRow`` of that file at all), a row is adopted as the
file's, without a change record, when its values equal the file's row, or when the latest change
record of the row was written by an earlier load of the same file (its reason begins with the
file's ``legacy_reason``): nobody touched it since, so it is the file's as it stands, and then
takes the file's values (a newer shipped file updates it; a row that file dropped is deleted, as
before). Any other row with a key of the file was changed or recorded by a person: kept, and
reported as a conflict. This errs on keeping: a loaded row that someone edited since, or a fact
someone recorded that the file happens to list, stays, at the price of a warning to look at.

**Shared tables** (states, sources: rows that several data sets complete, each with its own
fields) are adopted when first met whatever their values, and never deleted; after that they
are followed like any row of the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.audit import Actor, delete_with_record, json_safe, record_change, save_with_record
from accord.core.conflicts import Conflict, Difference, FileWins, SyncError, SyncReport, warn_conflicts
from accord.core.ingest import file_sha256
from accord.core.models import ChangeRecord, FileRow

__all__ = [
    "Conflict",
    "DataFile",
    "Difference",
    "FileSync",
    "FileWins",
    "Ref",
    "SyncError",
    "SyncReport",
    "sync_rows",
    "warn_conflicts",
]


@dataclass(frozen=True)
class DataFile:
    """A data file as loaded: its lasting identity, where it was read, its digest, and the reason
    every change it makes is recorded with (which names the file).

    ``key`` must stay the same from one version of the file to the next (and from one machine to
    another), so it is not the path: a charter file is known by its organization, for example.
    ``legacy_reason`` is how the change records of this file's loads began before provenance
    existed (``"charter file "``): it tells, on the first load, which rows earlier loads wrote.
    """

    key: str
    path: Path
    sha256: str
    reason: str
    legacy_reason: str = ""

    @classmethod
    def read(cls, key: str, path: Path, reason: str, legacy_reason: str = "") -> DataFile:
        """The file at ``path`` known as ``key``, with its digest."""
        return cls(key=key, path=path, sha256=file_sha256(path), reason=reason, legacy_reason=legacy_reason)


@dataclass(frozen=True)
class Ref:
    """A foreign key given by the natural key of a row this load wrote earlier (in any table,
    or earlier in the same table: a body under another body).
    """

    model: type[models.Model]
    key: Hashable


def plain(value: Any) -> Any:
    """A row value as stored: a related row as its primary key."""
    return value.pk if isinstance(value, models.Model) else value


def as_in_a_file(value: Any) -> Any:
    """A related row as a data file names it (its key or code), else as it prints itself."""
    if isinstance(value, models.Model):
        return getattr(value, "key", None) or getattr(value, "code", None) or str(value)
    return value


def digest(values: dict[str, Any]) -> str:
    """SHA-256 of field values, the same for equal values whatever their Python types."""
    text = json.dumps(json_safe(values), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def key_text(key: tuple) -> str:
    """A natural key as stored in :class:`FileRow` (JSON; related rows by primary key)."""
    return json.dumps([json_safe(plain(part)) for part in key], default=str)


class DependentsFinder(Collector):
    """Django's deletion collector, made to collect every dependent row instead of deleting
    some in bulk unseen, so that the sync can tell what a deletion would take with it.
    """

    def can_fast_delete(self, *args: Any, **kwargs: Any) -> bool:
        return False


def dependents(instance: models.Model) -> list[models.Model]:
    """The rows that deleting ``instance`` would delete, block or blank (not m2m links)."""
    finder = DependentsFinder(using=router.db_for_write(type(instance)))
    try:
        finder.collect([instance])
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    found = [
        item
        for model, items in finder.data.items()
        if not model._meta.auto_created
        for item in items
        if item != instance
    ]
    for batches in finder.field_updates.values():
        for batch in batches:
            found.extend(batch)
    return found


class FileSync:
    """One load of one data file: call :meth:`table` for each table, parents first, then
    :meth:`finish`, inside one transaction.
    """

    def __init__(
        self,
        file: DataFile,
        *,
        actor: Actor,
        line_of: Callable[[tuple], int] | None = None,
        file_wins: FileWins | None = None,
    ) -> None:
        if not connection.in_atomic_block:
            raise RuntimeError("a file sync must run inside transaction.atomic(): all of it, or nothing")
        self.file = file
        self.actor = actor
        self.line_of = line_of
        self.file_wins = file_wins or FileWins()
        self.won: set[str] = set()
        self.report = SyncReport()
        self.first_load = not FileRow.objects.filter(file=file.key).exists()
        self.synced: dict[type[models.Model], dict[Hashable, models.Model]] = {}
        self.tables: list[TableSync] = []

    def table(
        self,
        model: type[models.Model],
        key: Sequence[str],
        rows: Iterable[dict[str, Any]],
        *,
        shared: bool = False,
        paths: Iterable[tuple] | None = None,
    ) -> dict[Hashable, models.Model]:
        """Make ``model`` hold ``rows`` (field name to value; many-to-many fields as lists),
        matched by the ``key`` fields. Returns each row's instance by natural key (the value
        itself for a one-field key, else the tuple), the recorded row where one was kept.

        ``paths`` gives, row by row, where the row is in the file (``("appointments", 2)``), so that
        a conflict names its line (through ``line_of``).
        """
        table = TableSync(self, model, tuple(key), shared=shared)
        self.synced.setdefault(model, {})
        rows = list(rows)
        where = list(paths) if paths is not None else [()] * len(rows)
        for row, path in zip(rows, where, strict=True):
            table.apply(row, self.line_of(path) if self.line_of and path else 0)
        self.tables.append(table)
        return table.instances

    def resolve(self, value: Any) -> Any:
        """A row value with its :class:`Ref` replaced by the row it names."""
        if isinstance(value, Ref):
            return self.synced[value.model][value.key]
        return value

    def conflict(
        self,
        instance: models.Model,
        key: str,
        message: str,
        *,
        line: int = 0,
        differences: tuple[Difference, ...] = (),
    ) -> None:
        """Report a disagreement in which the recorded side is kept, with who recorded it last."""
        last = (
            ChangeRecord.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))
            .order_by("-id")
            .only("actor_name", "at")
            .first()
        )
        self.report.conflicts.append(
            Conflict(
                self.file.path.name,
                str(instance._meta.verbose_name),
                key,
                message,
                line=line,
                model=instance._meta.model_name,
                differences=differences,
                recorded_by=last.actor_name if last else "",
                recorded_at=last.at if last else None,
            )
        )

    def winning_reason(self, instance: models.Model, key: str) -> str | None:
        """The reason the user gave for the file to win on this fact, if they did."""
        reason = self.file_wins.reason_for(instance._meta.model_name, key)
        if reason is not None:
            self.won.add(f"{instance._meta.model_name}:{key}")
        return reason

    def finish(self) -> SyncReport:
        """Delete what the file no longer lists (children first) and return the report; refuse
        (and so roll the load back) a ``--file-wins`` that met no disagreement.
        """
        for table in reversed(self.tables):
            table.remove_dropped()
        unused = sorted(set(self.file_wins.reasons) - self.won)
        if unused:
            raise SyncError(
                _("%(target)s: the file does not list this fact, or does not disagree with the records")
                % {"target": unused[0]},
                field="file-wins",
            )
        return self.report


class TableSync:
    """The rows of one table in one load: what exists, what the file owns, what it saw."""

    def __init__(self, owner: FileSync, model: type[models.Model], key: tuple[str, ...], *, shared: bool):
        self.owner = owner
        self.model = model
        self.key = key
        self.shared = shared
        self.kind = model._meta.model_name
        self.label = model._meta.label_lower
        self.key_attnames = [model._meta.get_field(name).attname for name in key]
        # Matching by natural key must see every row, whatever the acting user may read: a row
        # hidden from them would otherwise be created a second time. Who may load is the caller's check.
        self.existing = {
            key_text(self.key_of(instance)): instance for instance in model._default_manager.all()
        }
        self.owned = {
            row.natural_key: row for row in FileRow.objects.filter(file=owner.file.key, model=self.label)
        }
        self.seen: set[str] = set()
        self.line = 0
        self.fields: set[str] = set()
        self.instances: dict[Hashable, models.Model] = {}
        self.loaded_before = self.written_by_earlier_loads() if owner.first_load else set()

    def written_by_earlier_loads(self) -> set[str]:
        """Ids of the rows whose latest change record an earlier load of this file wrote (before
        provenance): those rows are the file's as they stand, whatever the file says now.
        """
        prefix = self.owner.file.legacy_reason
        if not prefix:
            return set()
        latest: dict[str, str] = {}
        records = ChangeRecord.objects.filter(object_type=self.label).order_by("id")
        for object_id, reason in records.values_list("object_id", "reason").iterator():
            latest[object_id] = reason
        return {object_id for object_id, reason in latest.items() if reason.startswith(prefix)}

    def key_of(self, instance: models.Model) -> tuple:
        return tuple(getattr(instance, attname) for attname in self.key_attnames)

    def shown(self, instance: models.Model) -> str:
        """The row's natural key as the file writes it (``secretary-general/A. B/2023-01-01``)."""
        return "/".join(str(json_safe(as_in_a_file(getattr(instance, name)))) for name in self.key)

    def wanted(self, row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
        """The row's values by column (related rows as keys), and its many-to-many lists."""
        columns, many = {}, {}
        for name, value in row.items():
            model_field = self.model._meta.get_field(name)
            value = self.owner.resolve(value)
            if model_field.many_to_many:
                many[name] = sorted(plain(self.owner.resolve(item)) for item in value)
            else:
                columns[model_field.attname] = plain(value)
        return columns, many

    def current(self, instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
        """The instance's values of ``fields`` (columns by attname, many-to-many as sorted keys)."""
        values = {}
        for name in fields:
            model_field = self.model._meta.get_field(name)
            if model_field.many_to_many:
                values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
            else:
                values[name] = getattr(instance, name)
        return values

    def apply(self, row: dict[str, Any], line: int = 0) -> None:
        """Bring one row of the file (at ``line``) into the table (see the module's rules)."""
        self.line = line
        columns, many = self.wanted(row)
        key = tuple(columns[attname] for attname in self.key_attnames)
        text = key_text(key)
        self.seen.add(text)
        instance = self.existing.get(text)
        owned = self.owned.get(text)
        if owned and (instance is None or owned.object_id != str(instance.pk)):
            owned.delete()  # the row it named is gone; whatever holds the key now is not the file's
            owned = None
        wanted = {**columns, **many}
        self.fields.update(wanted)
        if instance is None:
            instance = self.create(columns, many)
            self.own(instance, text, wanted)
        elif owned:
            self.follow(instance, owned, columns, many)
        else:
            self.meet(instance, text, columns, many)
        self.existing[text] = instance
        public_key = key[0] if len(key) == 1 else key
        self.instances[public_key] = instance
        self.owner.synced[self.model][public_key] = instance

    def create(self, columns: dict[str, Any], many: dict[str, list]) -> models.Model:
        instance = self.model()
        save_with_record(instance, actor=self.owner.actor, reason=self.owner.file.reason, fields=columns)
        self.set_many(instance, many)
        self.owner.report.created[self.kind] += 1
        return instance

    def update(
        self, instance: models.Model, columns: dict[str, Any], many: dict[str, list], reason: str = ""
    ) -> None:
        reason = reason or self.owner.file.reason
        changed = save_with_record(instance, actor=self.owner.actor, reason=reason, fields=columns)
        changed = self.set_many(instance, many, reason) or changed
        if changed:
            self.owner.report.updated[self.kind] += 1

    def set_many(self, instance: models.Model, many: dict[str, list], reason: str = "") -> bool:
        """Set many-to-many links that differ, recording them as an update (keys before and after)."""
        before, after = {}, {}
        for name, keys in many.items():
            present = sorted(getattr(instance, name).values_list("pk", flat=True))
            if present != keys:
                getattr(instance, name).set(keys)
                before[name], after[name] = present, keys
        if before:
            record_change(
                actor=self.owner.actor,
                action=ChangeRecord.Action.UPDATE,
                instance=instance,
                before=before,
                after=after,
                reason=reason or self.owner.file.reason,
            )
        return bool(before)

    def own(
        self, instance: models.Model, text: str, values: dict[str, Any], row: FileRow | None = None
    ) -> None:
        """Note (or renew) that the file gave this row ``values`` (bookkeeping, no change record)."""
        row = row or FileRow(file=self.owner.file.key, model=self.label, natural_key=text)
        row.object_id = str(instance.pk)
        row.fields = sorted(values)
        row.values_sha256 = digest(values)
        row.path = str(self.owner.file.path)[:500]
        row.file_sha256 = self.owner.file.sha256
        row.loaded_at = timezone.now()
        row.save()
        self.owned[text] = row

    def follow(self, instance: models.Model, owned: FileRow, columns: dict, many: dict) -> None:
        """A row the file wrote: take the file's values unless someone changed it since."""
        wanted = {**columns, **many}
        now = digest(self.current(instance, wanted))
        target = digest(wanted)
        if now == owned.values_sha256:
            if target != now:
                self.update(instance, columns, many)
                self.own(instance, owned.natural_key, wanted, owned)
        elif target == now:
            self.own(instance, owned.natural_key, wanted, owned)
        elif target != owned.values_sha256 and not self.file_wins(instance, owned.natural_key, columns, many):
            self.disagree(
                instance,
                wanted,
                _(
                    "changed in the database since the file loaded it, and changed in the file too; "
                    "the recorded values are kept"
                ),
            )

    def meet(self, instance: models.Model, text: str, columns: dict, many: dict) -> None:
        """A row with a key of the file that the file never wrote."""
        wanted = {**columns, **many}
        same = digest(self.current(instance, wanted)) == digest(wanted)
        if self.shared:
            if not same:
                self.update(instance, columns, many)
            self.own(instance, text, wanted)
        elif same:
            if self.owner.first_load:
                self.own(instance, text, wanted)
        elif str(instance.pk) in self.loaded_before:
            self.own(instance, text, self.current(instance, wanted))
            self.follow(instance, self.owned[text], columns, many)
        elif not self.file_wins(instance, text, columns, many):
            self.disagree(
                instance,
                wanted,
                _("recorded in the database with other values than the file's; the recorded values are kept"),
            )

    def file_wins(self, instance: models.Model, text: str, columns: dict, many: dict) -> bool:
        """Give the row the file's values, making it the file's, if the user asked for the file to
        win on it; the change record carries their reason.
        """
        reason = self.owner.winning_reason(instance, self.shown(instance))
        if reason is None:
            return False
        self.update(instance, columns, many, self.winning_record_reason(reason))
        self.own(instance, text, {**columns, **many}, self.owned.get(text))
        return True

    def winning_record_reason(self, reason: str) -> str:
        return _("%(file)s; the file wins over what was recorded: %(reason)s") % {
            "file": self.owner.file.reason,
            "reason": reason,
        }

    def disagree(self, instance: models.Model, wanted: dict[str, Any], message: str) -> None:
        """Report that the row and the file disagree, field by field, at the row's line."""
        self.owner.conflict(
            instance,
            self.shown(instance),
            message,
            line=self.line,
            differences=self.differences(instance, wanted),
        )

    def differences(self, instance: models.Model, wanted: dict[str, Any]) -> tuple[Difference, ...]:
        """The fields that differ, with the file's value and the recorded one."""
        present = self.current(instance, wanted)
        return tuple(
            Difference(name, wanted[name], present[name])
            for name in sorted(wanted)
            if json_safe(wanted[name]) != json_safe(present[name])
        )

    def remove_dropped(self) -> None:
        """Delete the rows the file wrote and no longer lists, retrying those that others block
        (a body under a body that goes too) until nothing more can go.
        """
        if self.shared:
            return
        self.adopt_dropped_legacy_rows()
        waiting = [(text, row) for text, row in self.owned.items() if text not in self.seen]
        while waiting:
            blocked = [(text, row) for text, row in waiting if not self.remove(row)]
            if len(blocked) == len(waiting):
                for _text, row in blocked:
                    self.report_kept(row)
                return
            waiting = blocked

    def adopt_dropped_legacy_rows(self) -> None:
        """Rows an earlier load wrote (before provenance) that the file no longer lists are the
        file's too, so that they go as they would have gone then.
        """
        fields = self.fields or {
            field.attname for field in self.model._meta.concrete_fields if not field.primary_key
        }
        for text, instance in self.existing.items():
            if text not in self.seen and text not in self.owned and str(instance.pk) in self.loaded_before:
                self.own(instance, text, self.current(instance, fields))

    def remove(self, row: FileRow) -> bool:
        """Delete one dropped row if nothing recorded depends on it; False when blocked."""
        instance = self.model._default_manager.filter(pk=row.object_id).first()
        if instance is None:
            row.delete()
            return True
        winning = None
        if digest(self.current(instance, row.fields)) != row.values_sha256:
            winning = self.owner.winning_reason(instance, self.shown(instance))
            if winning is None:
                self.owner.conflict(
                    instance,
                    self.shown(instance),
                    _(
                        "no longer in the file, but changed in the database since the file loaded it; "
                        "kept as recorded"
                    ),
                )
                row.delete()
                return True
        if dependents(instance):
            return False
        reason = self.winning_record_reason(winning) if winning else self.owner.file.reason
        delete_with_record(instance, actor=self.owner.actor, reason=reason)
        row.delete()
        self.owner.report.deleted[self.kind] += 1
        return True

    def report_kept(self, row: FileRow) -> None:
        instance = self.model._default_manager.get(pk=row.object_id)
        found = dependents(instance)
        kinds = ", ".join(sorted({str(item._meta.verbose_name) for item in found}))
        self.owner.conflict(
            instance,
            self.shown(instance),
            _("no longer in the file, but %(count)s recorded row(s) (%(kinds)s) refer to it; kept")
            % {"count": len(found), "kinds": kinds},
        )


def sync_rows(
    model: type[models.Model],
    key: Sequence[str],
    rows: Iterable[dict[str, Any]],
    *,
    file: DataFile,
    actor: Actor,
    shared: bool = False,
) -> SyncReport:
    """Make one table match a one-table data file; run it inside ``transaction.atomic``."""
    sync = FileSync(file, actor=actor)
    sync.table(model, key, rows, shared=shared)
    return sync.finish()
