"""``accord appoint POST PERSON --state STATE --from DATE [--acting]``: record an appointment."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.services import ServiceError, record_appointment, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = "Record an appointment to a post (an open appointment before it ends that day)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("post", help="the post's key, e.g. secretary-general")
        parser.add_argument("person", help="the person's name in English")
        parser.add_argument("--person-ru", default="", help="the person's name in Russian")
        parser.add_argument("--state", required=True, help="the state the person comes from")
        parser.add_argument("--from", dest="start", required=True, help="first day in office, YYYY-MM-DD")
        parser.add_argument("--acting", action="store_true", help="an acting holder")
        parser.add_argument("--source", default="", help="a source key, or the source's title")

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"], "--from")
        source = options["source"] or f"Recorded with accord appoint ({options['post']}, {start})"
        try:
            state = state_by_code_or_name(options["state"])
            appointment = record_appointment(
                options["post"],
                options["person"],
                state,
                start,
                acting=options["acting"],
                source=source,
                actor=Actor.system("cli"),
                person_ru=options["person_ru"],
            )
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "post": options["post"],
            "person": appointment.person_en,
            "state": state.code,
            "from": start.isoformat(),
            "acting": appointment.acting,
            "sources": appointment.source_keys,
            "reasons": [],
        }
        self.emit(
            options,
            payload,
            [
                _("Recorded: %(person)s (%(state)s), %(post)s from %(date)s.")
                % {
                    "person": appointment.person_en,
                    "state": state.code,
                    "post": options["post"],
                    "date": start,
                }
            ],
        )
