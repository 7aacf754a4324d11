"""Read-only admin pages for sources and the record of changes."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accord.core.models import ChangeRecord, Source


class ReadOnlyAdmin(admin.ModelAdmin):
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
    list_display = ("at", "actor_name", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "reason")
