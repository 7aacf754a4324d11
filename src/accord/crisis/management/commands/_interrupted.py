"""What an import command says when Ctrl-C arrives: whether the import had already been saved.

An import is one transaction. Ctrl-C before its commit rolls everything back; Ctrl-C after it (while
the command closes its progress bar or prints) leaves the whole import saved. The command cannot
tell which from where the interrupt landed, so it asks the database: a finished import of this
file, by this actor, newer than any before the command began, is what was saved.

These look up the command's own bookkeeping, not records shown to anyone, so they read
``ImportRun`` directly: the access policy lets no one, not even the system, view import runs.
"""

from __future__ import annotations

from pathlib import Path

from accord.core.audit import Actor
from accord.crisis.models import ImportRun


def last_import_id() -> int:
    """The newest import's id before this command writes anything (0 when there is none)."""
    newest = ImportRun.objects.order_by("-id").values_list("id", flat=True)
    return newest.first() or 0


def saved_import(since: int, path: Path, actor: Actor) -> ImportRun | None:
    """This command's import, if its transaction committed before the interrupt."""
    return (
        ImportRun.objects.filter(
            id__gt=since, file_name=path.name, actor_name=actor.name, finished_at__isnull=False
        )
        .order_by("-id")
        .first()
    )
