"""Admin pages for users and API tokens; every change goes through a recorded service."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import ApiToken, User
from accord.accounts.services import public_snapshot
from accord.accounts.tokens import revoke_token
from accord.core.audit import Actor, record_change


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users with their role, affiliation and clearance; saves and deletions are recorded."""

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Affiliation and clearance"),
            {"fields": ("role", "affiliation_state", "affiliation_body", "clearance")},
        ),
    )
    list_display = (
        "username",
        "email",
        "role",
        "affiliation_state",
        "affiliation_body",
        "clearance",
        "is_active",
    )
    list_filter = ("role", "clearance", "is_active", "affiliation_state")

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = public_snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        after = public_snapshot(obj)
        if before != after:
            record_change(
                actor=Actor.for_user(request.user),
                action="update" if change else "create",
                instance=obj,
                before=before,
                after=after,
                reason="changed in the admin pages",
            )

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: User) -> None:
        record_change(
            actor=Actor.for_user(request.user),
            action="delete",
            instance=obj,
            before=public_snapshot(obj),
            after=None,
            reason="deleted in the admin pages",
        )
        super().delete_model(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Users are deactivated, not deleted, so that their records keep their author."""
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with ``accord token create`` (the secret is shown once); here: list, revoke."""

    list_display = (
        "name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            revoke_token(
                token.prefix, actor=Actor.for_user(request.user), reason="revoked in the admin pages"
            )
        self.message_user(
            request, _("Revoked %(count)s token(s).") % {"count": queryset.count()}, messages.SUCCESS
        )
