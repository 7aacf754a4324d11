"""The access policy behind ``restrict(user, action)``.

The charter is the Organization's open regulatory framework: every state, status, body, post,
instrument and reference fact in it is public, so anyone may view it. Changing it is for
administrators and Secretariat officers (and for the system actor used by the CLI).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from accord.accounts.models import Role
from accord.core.access import Action, SystemUser

CHARTER_WRITERS = {Role.ADMINISTRATOR, Role.SECRETARIAT_OFFICER}


def may_write_charter(user: Any) -> bool:
    """Whether a user may change charter records."""
    if isinstance(user, SystemUser):
        return True
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(user.is_superuser or getattr(user, "role", None) in CHARTER_WRITERS)


def access_policy(user: Any, queryset: models.QuerySet, action: str) -> models.QuerySet:
    """Narrow ``queryset`` to what ``user`` may ``action``."""
    label = queryset.model._meta.app_label
    if label in {"charter", "core"} and queryset.model._meta.model_name != "changerecord":
        if action == Action.VIEW or may_write_charter(user):
            return queryset
        return queryset.none()
    if isinstance(user, SystemUser) or getattr(user, "is_superuser", False):
        return queryset
    return queryset.none()
