"""``accord appoint POST PERSON --state STATE --from DATE [--until DATE] [--acting] --source TEXT
[--override REASON]``: record an appointment, checked against the charter (the appointee's state
and, for the Secretary General, whose turn it is)."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.post_changes import AppointmentChange, record_appointment
from accord.charter.presenters import reasons_text
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = (
        "Record an appointment to a post (an open appointment before it ends that day), "
        "checked against the charter's turns."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("post", help="the post's key, e.g. secretary-general")
        parser.add_argument("person", help="the person's name in English")
        parser.add_argument("--person-ru", default="", help="the person's name in Russian")
        parser.add_argument("--state", required=True, help="the state the person comes from")
        parser.add_argument("--from", dest="start", required=True, help="first day in office, YYYY-MM-DD")
        parser.add_argument(
            "--until", default="", help="the day the appointment ends, YYYY-MM-DD (default: open)"
        )
        parser.add_argument("--acting", action="store_true", help="an acting holder")
        parser.add_argument("--source", default="", help="a source key, or the source's title")
        parser.add_argument(
            "--override", default="", help="record it although the charter's rules refuse it, saying why"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"], "--from")
        until = parse_date(options["until"], "--until") if options["until"] else None
        source = options["source"] or f"Recorded with accord appoint ({options['post']}, {start})"
        try:
            state = state_by_code_or_name(options["state"])
            change = AppointmentChange(
                options["post"],
                options["person"],
                state,
                start,
                source,
                until=until,
                acting=options["acting"],
                person_ru=options["person_ru"],
                override=options["override"],
            )
            appointment, answer = record_appointment(change, actor=Actor.system("cli"))
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "post": options["post"],
            "person": appointment.person_en,
            "state": state.code,
            "from": start.isoformat(),
            "until": until.isoformat() if until else None,
            "acting": appointment.acting,
            "sources": appointment.source_keys,
            "override": appointment.override_reason,
            "reasons": reasons_text(answer),
        }
        self.emit(
            options, payload, [*recorded_lines(appointment, options["post"]), *self.reasons_block(answer)]
        )


def recorded_lines(appointment: Any, post: str) -> list[str]:
    """What the command says it recorded, with the override where there is one."""
    values = {
        "person": appointment.person_en,
        "state": appointment.state.code,
        "post": post,
        "date": appointment.valid_from,
        "until": appointment.valid_to,
    }
    if appointment.valid_to:
        lines = [_("Recorded: %(person)s (%(state)s), %(post)s from %(date)s until %(until)s.") % values]
    else:
        lines = [_("Recorded: %(person)s (%(state)s), %(post)s from %(date)s.") % values]
    if appointment.override_reason:
        lines.append(
            _("Recorded as an override of the charter's rules: %(reason)s")
            % {"reason": appointment.override_reason}
        )
    return [*lines, _("Reasons:")]
