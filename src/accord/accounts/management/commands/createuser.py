"""``accord createuser NAME --role ROLE [--state S | --body B] [--clearance C]``."""

import getpass
import secrets
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accord.accounts.models import Role
from accord.accounts.services import AccountError, create_user
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.cli import AccordCommand, InputError

CLEARANCES = {
    label.name.lower(): value for value, label in zip(Classification.values, Classification, strict=True)
}


class Command(AccordCommand):
    help = "Create a user with a role, an affiliation (a state or a working body) and a clearance."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--state", help="the state the user belongs to (ISO code or English name)")
        parser.add_argument(
            "--body",
            help=(
                "the working body the user belongs to (administrators and Secretariat officers: "
                "the Secretariat unless told otherwise; liaison officers belong to a state)"
            ),
        )
        parser.add_argument("--clearance", choices=sorted(CLEARANCES), default="public")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="default: ask, or generate one when there is no terminal")

    def handle(self, *args: Any, **options: Any) -> None:
        password, generated = (options["password"], False) if options["password"] else ask_password()
        try:
            user = create_user(
                options["username"],
                password,
                role=options["role"],
                state=options["state"],
                body=options["body"],
                clearance=CLEARANCES[options["clearance"]],
                email=options["email"],
                actor=Actor.system("cli"),
            )
        except (AccountError, ValidationError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise InputError(message) from None
        lines = [_("Created %(user)s (%(role)s).") % {"user": user.username, "role": user.get_role_display()}]
        if generated:
            lines.append(_("Password: %(password)s") % {"password": password})
        if user.needs_two_factor:
            lines.append(_("Two-factor login is required: the user sets it up at the first login."))
        payload = {
            "username": user.username,
            "role": user.role,
            "two_factor_required": user.needs_two_factor,
            "reasons": [],
        }
        self.emit(options, payload, lines)


def ask_password() -> tuple[str, bool]:
    """Ask twice on a terminal; without one, generate a strong password (and say it was generated)."""
    if not sys.stdin.isatty():
        return secrets.token_urlsafe(14), True
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise InputError("the two passwords differ")
    return first, False
