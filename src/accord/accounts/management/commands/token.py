"""``accord token create USER --name N --scope S [--scope S] --days D`` and ``accord token revoke PREFIX``."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.accounts.tokens import KNOWN_SCOPES, TokenError, create_token, revoke_token
from accord.core.audit import Actor
from accord.core.cli import AccordCommand, InputError


class Command(AccordCommand):
    help = "Issue or revoke API tokens for machine clients (the secret is shown once)."

    def add_arguments(self, parser: Any) -> None:
        commands = parser.add_subparsers(dest="verb", required=True, parser_class=type(parser))
        create = commands.add_parser("create", help="issue a token")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'KAZ national centre'")
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=KNOWN_SCOPES,
            metavar="SCOPE",
            help=(
                "what the token may do; repeat for several. Reading needs a scope too: "
                "decisions:document:view (documents), decisions:session:view (sessions, agenda items), "
                "decisions:measure:view (measures), decisions:statement:view (counts of statements), "
                "crisis:event:view (events, map, counts, situation reports), crisis:series:view "
                "(daily series), crisis:alert:view (alerts); the open charter needs none. "
                f"All scopes: {', '.join(KNOWN_SCOPES)}"
            ),
        )
        create.add_argument("--days", type=int, default=90, help="lifetime in days (at most 366)")
        revoke = commands.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("prefix")
        revoke.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system("cli")
        try:
            if options["verb"] == "create":
                self.create(options, actor)
            else:
                token = revoke_token(options["prefix"], actor=actor, reason=options["reason"])
                self.emit(
                    options,
                    {"prefix": token.prefix, "revoked": True, "reasons": []},
                    [_("Revoked token %(prefix)s.") % {"prefix": token.prefix}],
                )
        except TokenError as error:
            raise InputError(str(error)) from None

    def create(self, options: dict[str, Any], actor: Actor) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise InputError(f"no user named {options['username']!r}")
        issued = create_token(
            user, options["name"], options["scope"], datetime.timedelta(days=options["days"]), actor=actor
        )
        payload = {
            "token": issued.secret,
            "prefix": issued.token.prefix,
            "scopes": issued.token.scopes,
            "expires_at": issued.token.expires_at.isoformat(),
            "reasons": [],
        }
        self.emit(
            options,
            payload,
            [
                _("Token for %(user)s, expires %(date)s:")
                % {"user": user.username, "date": f"{issued.token.expires_at:%Y-%m-%d}"},
                issued.secret,
                _("Copy it now: it is stored only as a hash and cannot be shown again."),
            ],
        )
