"""Access primitives: permission names and ``restrict(user, action)`` on every queryset.

``core`` does not know who users are; ``accounts`` registers the policy that decides. Until a
policy is registered nothing is visible, so a forgotten registration fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.db import models


class Action(StrEnum):
    """What a user wants to do with records."""

    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


class SystemUser:
    """The operator at the command line or an importer: trusted with every record.

    Whoever runs ``accord`` on the server already holds the database; the CLI still reads
    through ``restrict()`` so that the same code paths serve people and the system.
    """

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM_USER"


SYSTEM_USER = SystemUser()

Policy = Callable[[Any, models.QuerySet, str], models.QuerySet]
_policy: list[Policy] = []


def register_policy(policy: Policy) -> None:
    """Install the function that narrows a queryset to what a user may do (one at a time)."""
    _policy[:] = [policy]


def permission_name(model: type[models.Model], action: str) -> str:
    """The canonical permission name, ``"<app>:<resource>:<action>"``."""
    return f"{model._meta.app_label}:{model._meta.model_name}:{action}"


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what one user may see or do."""

    def restrict(self, user: Any, action: str = Action.VIEW) -> models.QuerySet:
        """The records of this queryset that ``user`` may ``action``; none without a policy."""
        if not _policy:
            return self.none()
        return _policy[0](user, self, str(action))


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)
