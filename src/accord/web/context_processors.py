"""What every page's header needs: the reader's count of unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accord.accounts.two_factor import owes_second_factor
from accord.crisis.notifications import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for a logged-in user who has passed both factors; counted only if shown."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or owes_second_factor(user):
        return {}
    return {"notifications_shown": True, "notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
