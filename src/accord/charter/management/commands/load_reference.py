"""``accord load-reference``: ISO states, UN membership dates and the UCDP/PRIO conflict data."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.charter.reference import ReferenceDataError, load_reference_data
from accord.core.audit import Actor
from accord.core.cli import USAGE_ERROR, AccordCommand


class Command(AccordCommand):
    help = "Load the reference data shipped with Accord (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_reference_data(actor=Actor.system("reference-loader"))
        except ReferenceDataError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        conflicts = (
            _("unchanged")
            if report.conflicts_loaded is None
            else _("%(count)s conflict-years loaded") % {"count": report.conflicts_loaded}
        )
        text = [
            _("Reference data: %(created)s states created, %(updated)s updated; conflict data %(conflicts)s.")
            % {"created": report.states_created, "updated": report.states_updated, "conflicts": conflicts}
        ]
        payload = {
            "states_created": report.states_created,
            "states_updated": report.states_updated,
            "conflicts_loaded": report.conflicts_loaded,
            "reasons": [],
        }
        self.emit(options, payload, text)
