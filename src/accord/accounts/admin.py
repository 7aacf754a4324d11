"""Admin pages for users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users with their role and affiliation."""

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Affiliation"), {"fields": ("role", "affiliation_state", "affiliation_body")}),
    )
    list_display = ("username", "email", "role", "affiliation_state", "affiliation_body", "is_active")
    list_filter = ("role", "is_active", "affiliation_state")
