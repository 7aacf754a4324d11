"""The caller's own notifications and notification preferences, in the API.

Everyone reads only their own notifications here (administrators too); the public has none. A
notification names its record through :mod:`accord.core.references`, so a record the caller may no
longer see is ``{"hidden": true}``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import Region
from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.references import ReferenceField, References
from accord.core.scopes import require_scope
from accord.core.validation import StateCode, model_text
from accord.crisis.models import Level, NotificationKind, Series
from accord.crisis.notifications import (
    MAX_CHOICES,
    mark_read,
    notification_rows,
    own_notifications,
    preference_of,
    set_preferences,
)

router = Router(tags=["notifications"])


class NotificationSchema(Schema):
    id: int
    kind: NotificationKind
    kind_label: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    record: ReferenceField
    url: str


class MarkReadIn(Schema):
    """Which notifications to mark read: the listed ones, or all of them."""

    ids: list[int] = Field(default=[], max_length=1000)
    all: bool = False


class PreferencesSchema(Schema):
    """What the caller wants to be told; an empty list means everything they may see."""

    kinds: list[NotificationKind] = Field(default=[], max_length=len(NotificationKind.values))
    regions: list[model_text(Region, "key")] = Field(default=[], max_length=MAX_CHOICES)
    states: list[StateCode] = Field(default=[], max_length=MAX_CHOICES)
    series_keys: list[model_text(Series, "key")] = Field(default=[], max_length=MAX_CHOICES)
    min_level: Level = Level.GREEN
    email: bool = True


def preferences_answer(request: HttpRequest) -> dict[str, Any]:
    preference = preference_of(request.user)
    return {name: getattr(preference, name) for name in PreferencesSchema.model_fields}


def require_account(request: HttpRequest) -> None:
    """Preferences belong to an account: the public has none (404, as for any record it may not see)."""
    if not getattr(request.user, "is_authenticated", False):
        raise Http404(_("Log in to have notification preferences."))


@router.get("/notifications", response=list[NotificationSchema], summary="The caller's own notifications")
@paginate(Pages, page_size=50)
def list_notifications(request: HttpRequest, unread: bool = False, **kwargs: Any):
    require_scope(request, Permission.NOTIFICATION_VIEW)
    notifications = own_notifications(request.user)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return LazyRows(request.user, notifications)


class LazyRows:
    """A queryset the paginator slices, whose slice becomes rows (checked one model at a time)."""

    def __init__(self, user: Any, queryset: Any) -> None:
        self.user, self.queryset = user, queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        page = list(self.queryset[window])
        return [row.as_api() for row in notification_rows(References(self.user), page)]


@router.post(
    "/notifications/read",
    response={200: dict, **error_responses(422)},
    summary="Mark the caller's own notifications read (the listed ones, or all)",
)
def post_mark_read(request: HttpRequest, payload: MarkReadIn):
    require_scope(request, Permission.NOTIFICATION_CHANGE)
    if payload.all == bool(payload.ids):
        return Status(422, {"detail": "ids: name the notifications to mark read, or set all (not both)"})
    return {"marked": mark_read(request.user, None if payload.all else payload.ids)}


@router.get(
    "/notifications/preferences",
    response={200: PreferencesSchema, **error_responses(404)},
    summary="The caller's notification preferences",
)
def get_preferences(request: HttpRequest):
    require_scope(request, Permission.NOTIFICATION_VIEW)
    require_account(request)
    return preferences_answer(request)


@router.put(
    "/notifications/preferences",
    response={200: PreferencesSchema, **error_responses(422)},
    summary="Replace the caller's notification preferences",
)
def put_preferences(request: HttpRequest, payload: PreferencesSchema):
    require_scope(request, Permission.NOTIFICATION_CHANGE)
    set_preferences(request.user, payload.dict(), actor=Actor.for_user(request.user))
    return preferences_answer(request)
