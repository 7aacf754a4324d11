"""``accord sitrep --date DATE [--region REGION] --format html|pdf --out FILE``, or
``accord sitrep --draft --date DATE``: the day's drafts, as the morning job makes them."""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import AccordCommand, InputError, parse_date
from accord.core.ingest import InputFileError, check_output_path
from accord.crisis.sitrep import SitrepError, render_html, render_pdf


class Command(AccordCommand):
    help = "Write the daily situation report as HTML or PDF."
    json_option = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", required=True, help="the report's day, YYYY-MM-DD")
        parser.add_argument("--region", default="", help="a collective security region, e.g. central-asian")
        parser.add_argument("--format", choices=["html", "pdf"], default="html")
        parser.add_argument("--out", help="the file to write")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="draft the day's reports (the whole area and each region), as the morning job does",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = parse_date(options["date"], "--date")
        if options["draft"]:
            self.draft(day)
            return
        if not options["out"]:
            raise InputError("--out: name the file to write (or --draft to draft the day's reports)")
        out = Path(options["out"])
        try:
            check_output_path(out)  # before the report is made, not after
        except InputFileError as error:
            raise InputError(str(error)) from None
        try:
            if options["format"] == "pdf":
                out.write_bytes(render_pdf(SYSTEM_USER, day, options["region"], options["language"]))
            else:
                out.write_text(
                    render_html(SYSTEM_USER, day, options["region"], options["language"]), encoding="utf-8"
                )
        except SitrepError as error:
            raise InputError(str(error)) from None
        except OSError as error:
            raise InputError(f"{out}: cannot be written ({error.strerror})") from None
        self.stdout.write(_("Situation report of %(date)s written to %(path)s.") % {"date": day, "path": out})

    def draft(self, day: Any) -> None:
        """The day's drafts; those already there are left as they are."""
        from accord.crisis.sitreps.services import draft_daily

        reports = draft_daily(day)
        self.stdout.write(
            _("%(count)d situation reports of %(date)s drafted or already there: %(numbers)s")
            % {"count": len(reports), "date": day, "numbers": ", ".join(str(report) for report in reports)}
        )
