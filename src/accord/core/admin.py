"""Admin pages that see what their user may see, and the read-only pages of sources and changes.

Managing Accord never opens a record: every admin page lists and opens records through the same
``restrict(request.user, action)`` as the pages, the API and the exports, so an administrator
cleared for RESTRICTED sees no SECRET record here either — nor its change records.
"""

import json
from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import smart_split
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from accord.core.access import Action
from accord.core.models import ChangeRecord, Source
from accord.core.references import mask_snapshot

ADMIN_SEARCH_MAX_WORDS = 10
ADMIN_SEARCH_MAX_LENGTH = 200


class RestrictedAdmin(admin.ModelAdmin):
    """An admin page whose lists, searches, filters and object pages go through ``restrict()``."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = self.model._default_manager.restrict(request.user, Action.VIEW)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_search_results(self, request: HttpRequest, queryset: models.QuerySet, search_term: str) -> Any:
        """The admin's search, refused whole when it is too long to run.

        Each word adds a clause per search field; a few hundred words overflow SQLite's expression
        tree (a 500) and take PostgreSQL seconds, so a search has at most a few words.
        """
        words = list(smart_split(search_term))
        if len(search_term) > ADMIN_SEARCH_MAX_LENGTH or len(words) > ADMIN_SEARCH_MAX_WORDS:
            self.message_user(
                request,
                gettext(
                    "Search: at most %(words)s words and %(characters)s characters; nothing was searched."
                )
                % {"words": ADMIN_SEARCH_MAX_WORDS, "characters": ADMIN_SEARCH_MAX_LENGTH},
                messages.ERROR,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


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
    # The snapshots are shown with their links checked, as the history pages show them: a record
    # one may see can point at one one may not (an agenda item at a SECRET decision), and the raw
    # snapshot would give that record's id.
    fields = (
        "at",
        "actor_user",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before_shown",
        "after_shown",
        "reason",
        "previous_hash",
        "hash",
        "scheme",
    )
    readonly_fields = fields

    @admin.display(description=_("before"))
    def before_shown(self, record: ChangeRecord) -> str:
        return shown_snapshot(getattr(record, "before_for_reader", None))

    @admin.display(description=_("after"))
    def after_shown(self, record: ChangeRecord) -> str:
        return shown_snapshot(getattr(record, "after_for_reader", None))

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        """The record, carrying its snapshots as this request's user may read them."""
        record = super().get_object(request, object_id, from_field)
        if record is not None:
            try:
                model = apps.get_model(record.object_type)
            except (LookupError, ValueError):
                model = None
            record.before_for_reader = mask_snapshot(request.user, model, record.before)
            record.after_for_reader = mask_snapshot(request.user, model, record.after)
        return record


def shown_snapshot(snapshot: Any) -> str:
    """A checked snapshot as the admin page shows it (a dash when there is none)."""
    if snapshot is None:
        return "-"
    return format_html("<pre>{}</pre>", json.dumps(snapshot, ensure_ascii=False, indent=2, default=str))


# The job queue's own page (django-tasks-db's) would list every job's arguments to any administrator,
# unrestricted: jobs are followed through their runs, which are restricted like every record.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
