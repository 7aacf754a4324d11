"""``accord audit verify``: walk the change records' hash chain and report the first broken link."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.core.audit import verify_chain
from accord.core.cli import AccordCommand
from accord.core.models import ChainHead

BROKEN_CHAIN = 1


class Command(AccordCommand):
    help = "Verify the change records: 'intact', or the first record altered, removed or inserted (exit 1)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        head = ChainHead.objects.filter(pk=1).first()
        payload = {
            "intact": report.intact,
            "checked": report.checked,
            "broken_at": report.broken_at,
            "problem": report.problem,
            "head": head.last_hash if head else None,
            "reasons": [],
        }
        if report.intact:
            self.emit(
                options,
                payload,
                [
                    _("intact: %(count)s change records, head %(head)s")
                    % {"count": report.checked, "head": payload["head"] or "—"}
                ],
            )
            return
        if options.get("json"):
            self.emit(options, payload, [])
        raise CommandError(
            _("broken at change record %(id)s: %(problem)s")
            % {"id": report.broken_at, "problem": report.problem},
            returncode=BROKEN_CHAIN,
        )
