"""What an import command says when Ctrl-C arrives: whether the import had already been saved.

An import is one transaction. Ctrl-C before its commit rolls everything back; Ctrl-C after it (while
the command closes its progress bar or prints) leaves the whole import saved. The command cannot
tell which from where the interrupt landed, so it asks the database: a finished run of this file, by
this actor, newer than any before the command began, is what was saved.
"""

from __future__ import annotations

from pathlib import Path

from accord.core.access import Action
from accord.core.audit import Actor
from accord.core.models import Run


def last_import_id(actor: Actor) -> int:
    """The newest run's id before this command writes anything (0 when there is none)."""
    newest = Run.objects.restrict(actor.access_user, Action.VIEW).order_by("-id").values_list("id", flat=True)
    return newest.first() or 0


def saved_import(since: int, path: Path, actor: Actor) -> Run | None:
    """This command's import, if its transaction committed before the interrupt."""
    return (
        Run.objects.restrict(actor.access_user, Action.VIEW)
        .filter(id__gt=since, subject=path.name[:300], actor_name=actor.name, finished_at__isnull=False)
        .order_by("-id")
        .first()
    )
