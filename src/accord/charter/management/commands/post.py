"""``accord post POST --on DATE``: who holds a post on a date (or whose turn it is)."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.post_changes import holder_override
from accord.charter.presenters import answer_payload, state_label
from accord.charter.rules import post_holder_on
from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError


class Command(CharterCommand):
    help = "Show who holds a post on a date; past the record, whose turn it is by rotation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("post", help="the post's key, e.g. secretary-general")
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = self.on_date(options)
        facts = self.facts()
        if options["post"] not in facts.posts:
            known = ", ".join(sorted(facts.posts)) or "none"
            raise InputError(f"unknown post {options['post']!r}: expected one of {known}")
        answer = post_holder_on(facts, options["post"], on)
        holder = answer.value
        override = holder_override(SYSTEM_USER, options["post"], holder)
        payload = answer_payload(
            answer, post=options["post"], on=on.isoformat(), holder=holder, override_reason=override
        )
        post_name = facts.posts[options["post"]].name.in_language(options["language"])
        if holder is None:
            headline = _("%(post)s on %(date)s: unknown") % {"post": post_name, "date": on}
        elif holder["projected"]:
            headline = _("%(post)s on %(date)s: %(state)s's turn, term %(start)s to %(end)s (projected)") % {
                "post": post_name,
                "date": on,
                "state": state_label(facts, holder["state"]),
                "start": holder["from"],
                "end": holder["until"],
            }
        else:
            person = (
                holder["person_ru"]
                if options["language"] == "ru" and holder["person_ru"]
                else holder["person"]
            )
            acting = " " + _("(acting)") if holder["acting"] else ""
            headline = _("%(post)s on %(date)s: %(person)s, %(state)s%(acting)s") % {
                "post": post_name,
                "date": on,
                "person": person,
                "state": state_label(facts, holder["state"]),
                "acting": acting,
            }
        overridden = [_("Recorded as an override of the charter's rules: %(reason)s") % {"reason": override}]
        self.emit(
            options, payload, [headline, *(overridden if override else []), *self.reasons_block(answer)]
        )
