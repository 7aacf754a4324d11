"""Access primitives: permission names and ``restrict(user, action)`` on every queryset.

``core`` does not know who users are; ``accounts`` registers the policy that decides. Until a
policy is registered nothing is visible, so a forgotten registration fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models


class Action(StrEnum):
    """What a user wants to do with records."""

    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


class Permission(StrEnum):
    """What an API token may be scoped to: ``app:resource:action``, one name per thing a client does.

    Token scopes are exactly these names (``accord.accounts.tokens.KNOWN_SCOPES``), and every API
    operation names the one it needs, so a scope can neither be misspelt in an endpoint nor offered
    to a token without an endpoint that honours it.
    """

    DOCUMENT_VIEW = "decisions:document:view"
    DOCUMENT_ADD = "decisions:document:add"
    SESSION_VIEW = "decisions:session:view"
    SESSION_ADD = "decisions:session:add"
    SESSION_CHANGE = "decisions:session:change"
    AMENDMENT_ADD = "decisions:amendment:add"
    MEASURE_VIEW = "decisions:measure:view"
    PROGRESS_REPORT_ADD = "decisions:progressreport:add"
    STATEMENT_VIEW = "decisions:statement:view"
    EVENT_VIEW = "crisis:event:view"
    EVENT_ADD = "crisis:event:add"
    SERIES_VIEW = "crisis:series:view"
    ALERT_VIEW = "crisis:alert:view"
    ALERT_CHANGE = "crisis:alert:change"
    RATIFICATION_CHANGE = "charter:instrumentparticipant:change"


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
AddCheck = Callable[[Any, type[models.Model], "str | None"], bool]
Explain = Callable[[Any, type[models.Model], "str | None"], str]
_policy: list[Policy] = []
_add_check: list[AddCheck] = []
_explain: list[Explain] = []


def register_policy(
    policy: Policy, add_check: AddCheck | None = None, explain: Explain | None = None
) -> None:
    """Install the functions that decide what a user may see and do, and say why not (one policy)."""
    _policy[:] = [policy]
    _add_check[:] = [add_check] if add_check else []
    _explain[:] = [explain] if explain else []


def may_add(user: Any, model: type[models.Model], state: str | None = None) -> bool:
    """Whether ``user`` may create a ``model`` record (for ``state``, where records belong to one)."""
    if isinstance(user, SystemUser):
        return True
    return bool(_add_check) and _add_check[0](user, model, state)


def require_add(user: Any, model: type[models.Model], state: str | None = None) -> None:
    """Raise PermissionDenied unless ``user`` may create the record."""
    if not may_add(user, model, state):
        reason = _explain[0](user, model, state) if _explain else ""
        raise PermissionDenied(reason or f"not allowed to add {model._meta.verbose_name}")


def require(user: Any, instance: models.Model, action: str) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` this record."""
    if isinstance(user, SystemUser):
        return
    if not type(instance).objects.filter(pk=instance.pk).restrict(user, action).exists():
        raise PermissionDenied(f"not allowed to {action} this {instance._meta.verbose_name}")


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what one user may see or do."""

    def restrict(self, user: Any, action: str = Action.VIEW) -> models.QuerySet:
        """The records of this queryset that ``user`` may ``action``; none without a policy."""
        if not _policy:
            return self.none()
        return _policy[0](user, self, str(action))


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)
