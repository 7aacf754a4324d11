"""Who may belong where: the one rule every path that creates or changes a user applies.

Apart from :mod:`accord.accounts.services` so that the four-eyes requests, which the services call,
use the same rule and error without importing the services back.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accord.accounts.models import Role
from accord.core.errors import ServiceError


class AccountError(ServiceError):
    """A user account cannot be created or changed as asked; the message starts with the field."""


# --- Who belongs where ------------------------------------------------------------------------


def affiliation_refusal(role: str, *, has_state: bool, has_body: bool) -> str:
    """Why a role cannot hold this affiliation ("" when it can): the one rule for every path.

    A national liaison officer speaks for a state: without one, the user would be taken for staff
    of a working body, who see every state's releases.
    """
    if has_state and has_body:
        return _("state or body: a user belongs either to a state or to a working body, not both")
    if role == Role.LIAISON_OFFICER and not has_state:
        return _("state: a liaison officer belongs to a state")
    if not has_state and not has_body:
        return _("state or body: say where the user belongs (a state or a working body)")
    return ""
