"""``accord minutes draft|amend|accept|reject|approve|show ID``: the minutes of a session, their
amendments and every version of their text."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_date
from accord.decisions.api import minutes_payload
from accord.decisions.management.commands._base import DecisionsCommand
from accord.decisions.models import Amendment, Minutes, Session
from accord.decisions.services import (
    accept_amendment,
    approve_minutes,
    draft_minutes,
    propose_amendment,
    reject_amendment,
)

VERBS = {
    "draft": "the session's id",
    "amend": "the minutes' id",
    "accept": "the amendment's id",
    "reject": "the amendment's id",
    "approve": "the minutes' id",
    "show": "the minutes' id",
}


class Command(DecisionsCommand):
    help = (
        "Draft minutes (draft SESSION --text), propose an amendment (amend MINUTES --state --text "
        "[--replaces] --on), accept or reject it (accept|reject AMENDMENT), approve (approve MINUTES "
        "--on), or show the minutes with every version (show MINUTES)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=list(VERBS))
        parser.add_argument("id", help="; ".join(f"{verb}: {what}" for verb, what in VERBS.items()))
        parser.add_argument("--text", default="", help="draft: the text; amend: the new wording")
        parser.add_argument(
            "--replaces", default="", help="amend: the passage reworded (empty: added at the end)"
        )
        parser.add_argument("--state", help="amend: the proposing state's code")
        parser.add_argument("--on", help="amend, accept, approve: the date, YYYY-MM-DD (default: today)")
        parser.add_argument("--reason", default="", help="reject: why")
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["id"].isdigit():
            raise InputError(f"id {options['id']!r} is not understood: expected a number, e.g. 3")
        pk = int(options["id"])
        on = parse_date(options["on"], "--on") if options["on"] else timezone.localdate()
        actor = self.actor(options)
        minutes = self.write(lambda: self.act(options["verb"], pk, on, options, actor))
        payload = minutes_payload(Minutes.objects.get(pk=minutes.pk), SYSTEM_USER)
        lines = [
            _("Minutes %(id)s (%(status)s)") % {"id": minutes.pk, "status": minutes.get_status_display()},
            payload["text"],
        ]
        for version in payload["versions"]:
            lines.append(
                _("Version %(number)s (%(date)s), proposed by %(state)s")
                % {
                    "number": version["number"],
                    "date": version["recorded_on"],
                    "state": version["proposed_by"] or "—",
                }
            )
            lines += [
                f"  {'+' if line['kind'] == 'added' else '-'} {line['text']}" for line in version["changes"]
            ]
        self.emit(
            options, {**payload, "approved_on": str(payload["approved_on"] or ""), "reasons": []}, lines
        )

    def act(self, verb: str, pk: int, on: Any, options: dict[str, Any], actor: Any) -> Minutes:
        """Do what the verb says; the minutes concerned."""
        if verb == "draft":
            return draft_minutes(self.found(Session, pk), options["text"], actor=actor, on=on)
        if verb in ("accept", "reject"):
            amendment = self.found(Amendment, pk)
            if verb == "accept":
                accept_amendment(amendment, actor=actor, on=on)
            else:
                reject_amendment(amendment, actor=actor, reason=options["reason"])
            return amendment.minutes
        minutes = self.found(Minutes, pk)
        if verb == "amend":
            state = State.objects.filter(code=(options["state"] or "").upper()).first()
            if state is None:
                raise InputError("--state: give the code of the proposing state, e.g. ARM")
            propose_amendment(minutes, state, options["text"], on, replaces=options["replaces"], actor=actor)
        elif verb == "approve":
            approve_minutes(minutes, on, actor=actor)
        return minutes

    def found(self, model: Any, pk: int) -> Any:
        """The record with this id, or a one-line error."""
        record = model.objects.restrict(SYSTEM_USER).filter(pk=pk).first()
        if record is None:
            raise InputError(f"no {model._meta.verbose_name} {pk}")
        return record
