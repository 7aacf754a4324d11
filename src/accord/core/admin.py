"""Admin pages that see what their user may see, and the read-only pages of sources and changes.

Managing Accord never opens a record: every admin page lists and opens records through the same
``restrict(request.user, action)`` as the pages, the API and the exports, so an administrator
cleared for RESTRICTED sees no SECRET record here either — nor its change records.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from accord.core.access import Action
from accord.core.models import ChangeRecord, Source


class RestrictedAdmin(admin.ModelAdmin):
    """An admin page whose lists, searches, filters and object pages go through ``restrict()``."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = self.model._default_manager.restrict(request.user, Action.VIEW)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


class ReadOnlyAdmin(RestrictedAdmin):
    """Browse and search, never edit: writes go through services that record who made them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("key", "title", "publisher", "published_on")
    search_fields = ("key", "title")


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    """Change records of the objects the administrator may see, judged like everyone's."""

    list_display = ("at", "actor_name", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "reason")
