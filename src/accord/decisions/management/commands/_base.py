"""What the decisions writing commands share: who acts, and one-line refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.core.audit import Actor
from accord.core.cli import USAGE_ERROR, AccordCommand, InputError
from accord.core.errors import ServiceError


class DecisionsCommand(AccordCommand):
    """A command that records something about sessions, minutes or programs.

    Run as the operator it acts as ``system:cli``; with ``--as USERNAME`` it acts as that user and the
    access policy judges the write as it would on the page or through the API.
    """

    def add_actor_argument(self, parser: Any) -> None:
        """``--as USERNAME``: act as an Accord user (their role decides what they may record)."""
        parser.add_argument("--as", dest="as_user", default="", help="act as this Accord user")

    def actor(self, options: dict[str, Any]) -> Actor:
        """The user named by ``--as``, or the operator at the command line."""
        name = options.get("as_user") or ""
        if not name:
            return Actor.system("cli")
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise InputError(f"--as: no active user {name!r}")
        return Actor.for_user(user)

    def write(self, action: Callable[[], Any]) -> Any:
        """Run a write; a service refusal exits 2 with its field, a refused role exits 2 saying why."""
        try:
            return action()
        except ServiceError as error:
            raise InputError(str(error)) from None
        except PermissionDenied as error:
            raise CommandError(
                _("refused: %(why)s") % {"why": error or _("your role does not allow this")},
                returncode=USAGE_ERROR,
            ) from None
