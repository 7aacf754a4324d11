"""``accord measure add PROGRAM NUMBER``, ``accord measure edit ID``, ``accord measure report ID``:
measures of programs, who is responsible, by when, how they stand, and progress reports."""

from typing import Any

from django.utils import timezone

from accord.charter.models import Body, State
from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_date
from accord.decisions.management.commands._base import DecisionsCommand
from accord.decisions.models import Document, Measure
from accord.decisions.queries import measure_rows_for
from accord.decisions.recording import create_measure, update_measure
from accord.decisions.services import report_progress

DATES = ("starts_on", "deadline", "done_on", "dropped_on")


class Command(DecisionsCommand):
    help = (
        "Add a measure to a program (add PROGRAM NUMBER --text ...), change it (edit MEASURE "
        "[--deadline --done-on --dropped-on --states ...]), or report progress (report MEASURE --date "
        "--text [--state] [--done])."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["add", "edit", "report"])
        parser.add_argument("id", help="add: the program's id; edit, report: the measure's id")
        parser.add_argument("number", nargs="?", default="", help="add: the measure's number")
        parser.add_argument("--text", help="the measure (English); report: the report")
        parser.add_argument("--text-ru", help="the measure (Russian)")
        for name in DATES:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help="YYYY-MM-DD")
        parser.add_argument("--states", help="responsible states, codes separated by commas")
        parser.add_argument("--bodies", help="responsible bodies, keys separated by commas")
        parser.add_argument("--date", help="report: the report's date (default: today)")
        parser.add_argument("--state", help="report: the reporting state")
        parser.add_argument("--done", action="store_true", help="report: the measure is carried out that day")
        parser.add_argument("--reason", default="", help="edit: why (kept in the change record)")
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["id"].isdigit():
            raise InputError(f"id {options['id']!r} is not understood: expected a number, e.g. 3")
        actor = self.actor(options)
        states, bodies = self.owners(options)
        values = {name: parse_date(options[name], f"--{name}") for name in DATES if options[name]}
        if options["text"] and options["verb"] != "report":
            values["text_en"] = options["text"]
        if options["text_ru"] is not None:
            values["text_ru"] = options["text_ru"]
        if options["verb"] == "add":
            program = self.found(Document, options["id"])
            measure = self.write(
                lambda: create_measure(
                    program, options["number"], values, states=states, bodies=bodies, actor=actor
                )
            )
        else:
            measure = self.found(Measure, options["id"])
            if options["verb"] == "edit":
                self.write(
                    lambda: update_measure(
                        measure, values, states=states, bodies=bodies, reason=options["reason"], actor=actor
                    )
                )
            else:
                self.report(measure, options, actor)
        row = next(
            row
            for row in measure_rows_for(SYSTEM_USER, measure.program, timezone.localdate())
            if row["id"] == measure.pk
        )
        self.emit(options, row, [f"{row['program']} #{row['number']}: {row['status_label']} — {row['text']}"])

    def report(self, measure: Measure, options: dict[str, Any], actor: Any) -> None:
        """Record a progress report."""
        if not options["text"]:
            raise InputError("report: give --text")
        day = parse_date(options["date"], "--date") if options["date"] else timezone.localdate()
        state = None
        if options["state"]:
            state = State.objects.filter(code=options["state"].upper()).first()
            if state is None:
                raise InputError(f"--state: no state {options['state']!r}")
        self.write(
            lambda: report_progress(
                measure, day, options["text"], state=state, done=options["done"], actor=actor
            )
        )

    def owners(self, options: dict[str, Any]) -> tuple[list[State] | None, list[Body] | None]:
        """The responsible states and bodies named (None: not given), each one Accord knows."""
        states = bodies = None
        if options["states"] is not None:
            codes = {code.strip().upper() for code in options["states"].split(",") if code.strip()}
            states = list(State.objects.filter(code__in=codes))
            unknown = sorted(codes - {state.code for state in states})
            if unknown:
                raise InputError(f"--states: no state {unknown[0]!r}")
        if options["bodies"] is not None:
            keys = {key.strip() for key in options["bodies"].split(",") if key.strip()}
            bodies = list(Body.objects.filter(key__in=keys))
            unknown = sorted(keys - {body.key for body in bodies})
            if unknown:
                raise InputError(f"--bodies: no body {unknown[0]!r}")
        return states, bodies

    def found(self, model: Any, text: str) -> Any:
        """The record with this id, or a one-line error."""
        record = model.objects.restrict(SYSTEM_USER).filter(pk=int(text)).first()
        if record is None:
            raise InputError(f"no {model._meta.verbose_name} {text}")
        return record
