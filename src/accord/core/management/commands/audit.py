"""``accord audit verify`` and ``accord audit head``: check the chain of change records, print its head.

``verify`` walks the chain (links, hashes under the audit key) and checks it against the heads
kept outside the database: the checkpoint file, or a head given with ``--head``. ``head`` prints
the newest record as ``ID:HASH``, to be kept somewhere the database's administrators cannot reach.
Exit status: 0 intact, 1 broken (or cannot be vouched for), 2 bad input.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.audit import verify_chain
from accord.core.chain import ChainReport, Head, checkpoint_path, current_head, parse_head
from accord.core.cli import AccordCommand, InputError

BROKEN_CHAIN = 1


def given_head(text: str | None) -> Head | None:
    """The ``--head`` value, or a one-line error naming the expected form."""
    if text is None:
        return None
    try:
        return parse_head(text)
    except ValueError:
        raise InputError(
            _("--head '%(value)s' is not understood: expected ID:HASH as printed by 'accord audit head'")
            % {"value": text}
        ) from None


def given_checkpoint_file(text: str | None) -> Path | None:
    """The ``--checkpoints`` file (a copy kept elsewhere), which must exist."""
    if text is None:
        return None
    path = Path(text)
    if not path.is_file():
        raise InputError(_("%(path)s: no such checkpoint file") % {"path": text})
    return path


def report_payload(report: ChainReport, checkpoint_file: Path) -> dict[str, Any]:
    """The ``--json`` answer: the report's fields and its notes as reasons."""
    return {
        "intact": report.intact,
        "checked": report.checked,
        "broken_at": report.broken_at,
        "problem": report.problem,
        "kind": report.kind,
        "head": report.head or None,
        "legacy": report.legacy,
        "anchors": report.anchors,
        "checkpoint_file": str(checkpoint_file),
        "reasons": list(report.notes),
    }


class Command(AccordCommand):
    help = (
        "Verify the change records ('intact', or the first record altered, removed or inserted: exit 1), "
        "or print the head of the chain to keep elsewhere."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["verify", "head"])
        parser.add_argument("--head", help="verify against a head kept elsewhere, as ID:HASH")
        parser.add_argument(
            "--checkpoints",
            help="verify against this copy of the checkpoint file (default: the data folder's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "head":
            if options["head"] or options["checkpoints"]:
                raise InputError(_("--head and --checkpoints are options of 'accord audit verify'"))
            self.print_head(options)
            return
        head = given_head(options["head"])
        checkpoint_file = given_checkpoint_file(options["checkpoints"])
        report = verify_chain(head=head, checkpoint_file=checkpoint_file)
        self.print_report(report, options, checkpoint_file or checkpoint_path())

    def print_report(self, report: ChainReport, options: dict[str, Any], checkpoint_file: Path) -> None:
        """'intact' with the head to keep, or the problem as the error (exit 1)."""
        payload = report_payload(report, checkpoint_file)
        if report.intact:
            lines = [
                _("intact: %(count)s change records, head %(head)s")
                % {"count": report.checked, "head": report.head or "—"},
                ngettext(
                    "checked against %(count)s head kept outside the database",
                    "checked against %(count)s heads kept outside the database",
                    report.anchors,
                )
                % {"count": report.anchors},
            ]
            self.emit(options, payload, lines + [f"  - {note}" for note in report.notes])
            return
        if options.get("json"):
            self.emit(options, payload, [])
        if report.broken_at is None:
            raise CommandError(report.problem, returncode=BROKEN_CHAIN)
        raise CommandError(
            _("broken at change record %(id)s: %(problem)s")
            % {"id": report.broken_at, "problem": report.problem},
            returncode=BROKEN_CHAIN,
        )

    def print_head(self, options: dict[str, Any]) -> None:
        """``ID:HASH`` of the newest record, once the key vouches for it."""
        try:
            found = current_head()
        except ValueError as error:
            raise CommandError(
                _(
                    "change record %(id)s does not match its hash under this key (the key is wrong, or the "
                    "record was altered): run 'accord audit verify'"
                )
                % {"id": error.args[0]},
                returncode=BROKEN_CHAIN,
            ) from None
        if found is None:
            raise CommandError(
                _("there are no change records yet, so there is no head to keep"), returncode=BROKEN_CHAIN
            )
        head, keyed = found
        payload = {"head": str(head), "id": head.record_id, "hash": head.hash, "keyed": keyed, "reasons": []}
        self.emit(options, payload, [str(head)])
