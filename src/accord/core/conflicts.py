"""What a data file's load reports: the rows where the file and the records disagree (with the
file's line, the fields, both values and who recorded the fact), the counts of what changed, and the
facts on which the user asked for the file to win (``--file-wins KIND:KEY --reason TEXT``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from accord.core.audit import json_safe
from accord.core.cli import InputError
from accord.core.errors import ServiceError

__all__ = [
    "Conflict",
    "Difference",
    "FileWins",
    "SyncError",
    "SyncReport",
    "add_file_wins_arguments",
    "file_wins_from_options",
    "warn_conflicts",
]


def brief(value: Any, limit: int = 60) -> str:
    """A value short enough for a one-line warning (a document's whole text is not)."""
    text = str(json_safe(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SyncError(ServiceError):
    """A load asked of the sync that it cannot do as asked (a ``--file-wins`` that names no conflict)."""


@dataclass(frozen=True)
class Difference:
    """One field on which a file's row and the recorded row disagree."""

    field: str
    file: Any
    recorded: Any

    def __str__(self) -> str:
        return _("%(field)s: file %(file)s, recorded %(recorded)s") % {
            "field": self.field,
            "file": brief(self.file),
            "recorded": brief(self.recorded),
        }


@dataclass(frozen=True)
class Conflict:
    """A row where the file and what is recorded disagree; the recorded side was kept (unless the
    user asked for the file to win, see :class:`FileWins`).

    ``line`` is the line of the row in the file (0 when the file has no lines to tell);
    ``recorded_by`` and ``recorded_at`` say who last changed the recorded row, from the change record.
    """

    file: str
    kind: str
    key: str
    message: str
    line: int = 0
    model: str = ""
    differences: tuple[Difference, ...] = ()
    recorded_by: str = ""
    recorded_at: datetime.datetime | None = None

    @property
    def target(self) -> str:
        """How ``--file-wins`` names this fact: ``KIND:KEY`` (the kind as the model's name)."""
        return f"{self.model or self.kind}:{self.key}"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.kind} {self.key}: {self.message}"
        if self.differences:
            text += " (" + "; ".join(str(difference) for difference in self.differences) + ")"
        if self.recorded_by:
            text += "; " + _("last recorded by %(actor)s on %(at)s") % {
                "actor": self.recorded_by,
                "at": self.recorded_at.strftime("%Y-%m-%d %H:%M") if self.recorded_at else "?",
            }
        return text


@dataclass(frozen=True)
class FileWins:
    """Facts for which the user asked the file to win over what is recorded, each with the reason,
    by ``KIND:KEY`` as a conflict names them (``appointment:secretary-general/A. B/2023-01-01``).
    """

    reasons: dict[str, str] = field(default_factory=dict)

    def reason_for(self, kind: str, key: str) -> str | None:
        return self.reasons.get(f"{kind}:{key}")


@dataclass
class SyncReport:
    """What a load changed, per kind of record, and where it kept what people recorded."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    rule_warnings: list[str] = field(default_factory=list)  # rows the file gives that its own rules refuse

    @property
    def changed(self) -> bool:
        """Whether anything at all changed."""
        return bool(self.created or self.updated or self.deleted)

    @property
    def changes(self) -> int:
        """How many rows were created, updated or deleted."""
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per kind, for printing."""
        return {"created": dict(self.created), "updated": dict(self.updated), "deleted": dict(self.deleted)}


def warn_conflicts(command: BaseCommand, options: dict[str, Any], report: SyncReport) -> None:
    """Print a load's conflicts as warnings on standard error (JSON output carries them itself),
    so that ``accord setup`` says what it kept instead of keeping it silently.
    """
    if options.get("json"):
        return
    if report.rule_warnings:
        head = _("warning: %(count)s row(s) of the file are refused by the charter's rules:") % {
            "count": len(report.rule_warnings)
        }
        command.stderr.write(
            command.style.WARNING("\n".join([head, *(f"  {line}" for line in report.rule_warnings)]))
        )
    if not report.conflicts:
        return
    head = _("warning: %(count)s row(s) of the file disagree with what is recorded; kept as recorded:") % {
        "count": len(report.conflicts)
    }
    lines = [head, *(f"  {conflict}" for conflict in report.conflicts)]
    command.stderr.write(command.style.WARNING("\n".join(lines)))


def add_file_wins_arguments(parser: CommandParser) -> None:
    """``--file-wins KIND:KEY`` (repeatable) and the ``--reason`` it needs, for a loading command."""
    parser.add_argument(
        "--file-wins",
        action="append",
        default=[],
        metavar="KIND:KEY",
        help="let the file's values win over what is recorded for this fact, as a conflict names it "
        "(e.g. appointment:secretary-general/A. B/2023-01-01); repeatable",
    )
    parser.add_argument("--reason", default="", help="why the file wins (kept in the change record)")


def file_wins_from_options(options: dict[str, Any]) -> FileWins:
    """The facts the file wins on, each with the reason; bad input is a usage error (exit 2)."""
    targets = options.get("file_wins") or []
    reason = (options.get("reason") or "").strip()
    if targets and not reason:
        raise InputError(_("--reason: say why the file wins over what is recorded"))
    for target in targets:
        kind, _colon, key = target.partition(":")
        if not kind or not key:
            raise InputError(
                _("--file-wins: %(target)s: write KIND:KEY as a conflict names it") % {"target": target}
            )
    return FileWins(dict.fromkeys(targets, reason))
