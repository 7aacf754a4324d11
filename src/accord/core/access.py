"""Access primitives: permission names, ``restrict(user, action)`` on every queryset, and how a model
declares the way it is seen.

``core`` does not know who users are; ``accounts`` registers the policy that decides. Until a
policy is registered nothing is visible, so a forgotten registration fails closed.

A model with a restricted manager says how it is seen by class attributes, read here for the policy
(which holds no list of models):

- a classified model (:class:`accord.core.classification.ClassifiedModel`) by its labels;
- ``access_public = True``: everyone sees every record (the open charter, sources, public series);
- ``access_through = "item__session"``: seen by those who see the record it belongs to;
- ``access_admin_only = True``: administrators only, and with ``access_own_field = "user"`` each
  user their own records too (their tokens, their runs, their own account);
- ``access_roles = frozenset({"auditor"})``: only users holding one of these roles;
- ``access_as_described = True``: a copy of other records (the change records), seen as they are;
- ``access_system_only = True``: a rollup read by Accord itself, never shown as such (users see the
  records it adds up, through their own ``restrict``).

Writing is declared beside it: ``owner_state_field`` (the lookup of the state a record belongs to,
so that a state's liaison officer writes their own state's records), ``write_rights`` (the charter
rights of a status that allow that), and ``writer_roles`` (roles that change every record they see,
such as the CRC duty officers for alerts), and ``scoped_writer_roles`` (roles that change only the
records matching a filter: the CRC's officers write the sessions of the working bodies, not of the
councils that decide). ``audit_trail = True`` marks the records that describe
other records and so have no history page of their own.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from django.apps import apps
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
    DOCUMENT_CHANGE = "decisions:document:change"
    SESSION_VIEW = "decisions:session:view"
    SESSION_ADD = "decisions:session:add"
    SESSION_CHANGE = "decisions:session:change"
    AMENDMENT_ADD = "decisions:amendment:add"
    MEASURE_VIEW = "decisions:measure:view"
    MEASURE_CHANGE = "decisions:measure:change"
    PROGRESS_REPORT_ADD = "decisions:progressreport:add"
    STATEMENT_VIEW = "decisions:statement:view"
    EVENT_VIEW = "crisis:event:view"
    EVENT_ADD = "crisis:event:add"
    SERIES_VIEW = "crisis:series:view"
    ALERT_VIEW = "crisis:alert:view"
    ALERT_CHANGE = "crisis:alert:change"
    NOTIFICATION_VIEW = "crisis:notification:view"  # the caller's own notifications and preferences
    NOTIFICATION_CHANGE = "crisis:notification:change"
    SITREP_VIEW = "crisis:situationreport:view"
    SITREP_CHANGE = "crisis:situationreport:change"
    FORCES_REPORT_VIEW = "forces:report:view"  # the yearly activity report of the forces app
    RATIFICATION_CHANGE = "charter:instrumentparticipant:change"
    STATUS_CHANGE = "charter:statestatus:change"
    CHAIR_CHANGE = "charter:chairmanship:change"
    APPOINTMENT_CHANGE = "charter:appointment:change"
    INSTRUMENT_CHANGE = "charter:instrument:change"
    RELATION_CHANGE = "charter:diplomaticrelation:change"
    RECORD_DELETE = "core:record:delete"
    OPERATION_VIEW = "forces:operation:view"
    OPERATION_RESULT_ADD = "forces:operationresult:add"
    OPERATION_RESULT_CHANGE = "forces:operationresult:change"  # correct or withdraw a result
    OPERATION_JOIN = "forces:operationparticipant:change"  # a state joins an operation
    TRAINING_VIEW = "forces:training:view"
    TRAINING_ADD = "forces:training:add"
    TRAINING_CHANGE = "forces:training:change"
    TRAINING_JOIN = "forces:trainingparticipant:change"
    FORMATION_VIEW = "forces:formation:view"
    CONTRIBUTION_VIEW = "forces:contribution:view"
    CONTRIBUTION_ADD = "forces:contribution:add"
    CONTRIBUTION_CHANGE = "forces:contribution:change"
    READINESS_VIEW = "forces:readinessreport:view"
    READINESS_ADD = "forces:readinessreport:add"
    COOPERATION_VIEW = "forces:cooperation:view"
    COOPERATION_ADD = "forces:cooperation:add"
    PERSONNEL_VIEW = "forces:personneltraining:view"
    PERSONNEL_ADD = "forces:personneltraining:add"
    REQUEST_VIEW = "response:request:view"  # requests for assistance, their lines, steps and gap
    REQUEST_ADD = "response:request:add"
    REQUEST_CHANGE = "response:request:change"  # a request's steps (submit, withdraw, …)
    CONSULTATION_VIEW = "response:consultation:view"
    CONSULTATION_ADD = "response:consultation:add"
    DECISION_LINK = "response:decision:change"  # link a body's decision to a request
    DEPLOYMENT_VIEW = "response:deployment:view"
    DEPLOYMENT_ADD = "response:deployment:add"
    DEPLOYMENT_CHANGE = "response:deployment:change"  # withdraw a contingent or a deployment
    OFFER_VIEW = "response:offer:view"  # offers of a request and its gap
    OFFER_ADD = "response:offer:add"
    OFFER_CHANGE = "response:offer:change"  # accept, decline or withdraw an offer
    DELIVERY_VIEW = "response:delivery:view"
    DELIVERY_ADD = "response:delivery:add"
    CRISIS_VIEW = "response:crisis:view"  # crises and their timelines
    CRISIS_ADD = "response:crisis:add"
    CRISIS_CHANGE = "response:crisis:change"  # change a crisis, link records to it
    STORY_VIEW = "monitoring:story:view"  # media stories, their tags, figures and items, and the search
    STORY_CHANGE = "monitoring:story:change"  # triage a story, attach it to a crisis, map it, cite it
    RULES_VIEW = "monitoring:rulesversion:view"  # monitoring's category rules, and trying a text on them
    MONITORING_ITEM_VIEW = "monitoring:item:view"  # media items with their tags and figures
    MONITORING_ITEM_ADD = "monitoring:item:add"  # send items to a source of kind "api"
    MONITORING_SOURCE_VIEW = "monitoring:source:view"
    MONITORING_SOURCE_CHANGE = "monitoring:source:change"  # create sources, fetch one now


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


def may(user: Any, instance: models.Model, action: str) -> bool:
    """Whether ``user`` may ``action`` this record (the policy's one answer, for pages to show a button)."""
    if isinstance(user, SystemUser):
        return True
    return type(instance).objects.filter(pk=instance.pk).restrict(user, action).exists()


def require(user: Any, instance: models.Model, action: str) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` this record."""
    if not may(user, instance, action):
        raise PermissionDenied(f"not allowed to {action} this {instance._meta.verbose_name}")


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can be narrowed to what one user may see or do."""

    def restrict(self, user: Any, action: str = Action.VIEW) -> models.QuerySet:
        """The records of this queryset that ``user`` may ``action``; none without a policy."""
        if not _policy:
            return self.none()
        return _policy[0](user, self, str(action))


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)


# How models declare the way they are seen (see the module's docstring).
VIEW_DECLARATIONS = (
    "access_public",
    "access_through",
    "access_admin_only",
    "access_roles",
    "access_as_described",
    "access_system_only",
)


def is_restricted(model: type[models.Model]) -> bool:
    """Whether the model's records are read through ``restrict()``."""
    return hasattr(model._default_manager, "restrict")


def restricted_models() -> list[type[models.Model]]:
    """Every installed model whose records are read through ``restrict()``."""
    return [model for model in apps.get_models() if is_restricted(model)]


def is_classified(model: type[models.Model]) -> bool:
    """Whether the model's records carry a classification and releasability of their own."""
    from accord.core.classification import ClassifiedModel

    return issubclass(model, ClassifiedModel)


def view_declarations(model: type[models.Model]) -> list[str]:
    """The declarations of how ``model`` is seen that it makes (none: nobody sees it)."""
    declared = [name for name in VIEW_DECLARATIONS if getattr(model, name, None)]
    return (["classified"] if is_classified(model) else []) + declared


def undeclared_models() -> list[str]:
    """Restricted models that say nothing about how they are seen (each one is a mistake)."""
    return [model._meta.label_lower for model in restricted_models() if not view_declarations(model)]


def is_public(model: type[models.Model]) -> bool:
    """Every record is seen by everyone, logged in or not."""
    return bool(getattr(model, "access_public", False))


def parent_path(model: type[models.Model]) -> str:
    """The lookup path of the record this one is seen through ("" if none)."""
    return getattr(model, "access_through", "") or ""


def is_admin_only(model: type[models.Model]) -> bool:
    return bool(getattr(model, "access_admin_only", False))


def own_records_field(model: type[models.Model]) -> str:
    """The field naming the user a record belongs to, who sees it too ("" if none)."""
    return getattr(model, "access_own_field", "") or ""


def reader_roles(model: type[models.Model]) -> frozenset[str]:
    """The only roles that see the model's records (empty: not limited by role)."""
    return frozenset(getattr(model, "access_roles", frozenset()))


def is_described_copy(model: type[models.Model]) -> bool:
    """A record that copies other records (a change record), seen as what it describes."""
    return bool(getattr(model, "access_as_described", False))


def is_system_only(model: type[models.Model]) -> bool:
    return bool(getattr(model, "access_system_only", False))


def is_audit_trail(model: type[models.Model]) -> bool:
    """Records about other records: they have no history page of their own."""
    return bool(getattr(model, "audit_trail", False))


def owner_state_field(model: type[models.Model]) -> str:
    """The lookup of the state a record belongs to ("" when records belong to no state)."""
    return getattr(model, "owner_state_field", "") or ""


def write_rights(model: type[models.Model]) -> frozenset[str]:
    """The charter rights of a status that let the state's liaison officer write its own records."""
    return frozenset(getattr(model, "write_rights", frozenset()))


def writer_roles(model: type[models.Model]) -> frozenset[str]:
    """Roles that change every record of the model they see (besides administrators)."""
    return frozenset(getattr(model, "writer_roles", frozenset()))


def scoped_writer_roles(model: type[models.Model]) -> dict[str, dict[str, Any]]:
    """Roles that change only some records of the model, each with the filter of those records."""
    return dict(getattr(model, "scoped_writer_roles", {}))


# What the policy has already worked out during one request (a user's visibility, a state's status):
# None outside a request, where nothing is kept and every answer is computed afresh.
_request_cache: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "accord_access_cache", default=None
)


@contextmanager
def access_cache() -> Iterator[dict[Any, Any]]:
    """Keep the policy's answers for the duration of one request (or one unit of work)."""
    cache: dict[Any, Any] = {}
    token = _request_cache.set(cache)
    try:
        yield cache
    finally:
        _request_cache.reset(token)


def cached(key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per ``key`` within an :func:`access_cache`; every time outside one."""
    cache = _request_cache.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]
