"""Admin pages for users, API tokens and access change requests; every change goes through a recorded service.

Role, clearance and affiliation are not ordinary fields: nobody changes their own, what narrows a
user's access applies at once, and what widens it becomes a request that a second administrator
approves (see :mod:`accord.accounts.four_eyes`).
"""

from contextvars import ContextVar
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.four_eyes import (
    AccessChangeRefused,
    AccessOutcome,
    affiliation_value,
    approve_request,
    change_access,
    changes_wanted,
    check_access_change,
    describe,
    refuse_request,
    refuse_taking_over_wider_access,
)
from accord.accounts.models import AccessChangeRequest, ApiToken, Role, User
from accord.accounts.services import (
    DETAIL_FIELDS,
    AccountError,
    affiliation_refusal,
    create_user,
    set_password,
    update_user_details,
)
from accord.accounts.tokens import revoke_token
from accord.core.admin import ReadOnlyAdmin, RestrictedAdmin
from accord.core.audit import Actor

# Accord has roles, not permission groups; and no administrator may read or plant another
# user's second factor (the TOTP key, the recovery codes), so those pages are not offered.
for borrowed in (Group, TOTPDevice, StaticDevice):
    if admin.site.is_registered(borrowed):
        admin.site.unregister(borrowed)


def access_in_form(data: dict[str, Any]) -> dict[str, str | None]:
    """The role, clearance and affiliation a user form asks for, as the values requests compare."""
    clearance = data.get("clearance")
    return {
        AccessChangeRequest.Field.ROLE: data.get("role"),
        AccessChangeRequest.Field.CLEARANCE: None if clearance is None else str(clearance),
        AccessChangeRequest.Field.AFFILIATION: affiliation_value(
            data.get("affiliation_state"), data.get("affiliation_body")
        ),
    }


class AffiliatedUserCreationForm(AdminUserCreationForm):
    """A new user: a name, a password and where they belong; the lowest role and clearance.

    One administrator may add a user, but not grant access: the role and clearance are raised
    afterwards on the user's page, where widening waits for a second administrator.
    """

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "affiliation_state", "affiliation_body")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        refusal = affiliation_refusal(
            Role.READER,
            has_state=cleaned.get("affiliation_state") is not None,
            has_body=cleaned.get("affiliation_body") is not None,
        )
        if refusal:
            raise ValidationError(refusal)
        return cleaned


# Who is acting while Django's own password view runs the form (set per request, thread-safe).
ACTING: ContextVar[Actor | None] = ContextVar("accord_admin_acting", default=None)


class RecordedAdminPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's password form, writing through the service that records it (never the hash)."""

    def save(self, commit: bool = True) -> User:
        actor = ACTING.get()
        if actor is None:
            raise AccountError("password: set only from the admin pages, by the administrator acting")
        usable = self.cleaned_data.get("set_usable_password", True)
        set_password(
            self.user,
            self.cleaned_data["password1"] if usable else None,
            actor=actor,
            reason="password set in the admin pages",
            how="(set by an administrator)",
        )
        return self.user


class AccessCheckedUserForm(UserChangeForm):
    """The user form, refusing with the reason a change of access its author may not make."""

    acting_user: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        wanted = access_in_form(cleaned)
        try:
            check_access_change(
                Actor.for_user(self.acting_user), self.instance, changes_wanted(self.instance, wanted)
            )
        except AccessChangeRefused as refusal:
            raise ValidationError(str(refusal)) from None
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin, RestrictedAdmin):
    """Users with their role, affiliation and clearance; saves are recorded, access changes checked."""

    form = AccessCheckedUserForm
    add_form = AffiliatedUserCreationForm
    change_password_form = RecordedAdminPasswordChangeForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (
            _("Affiliation"),
            {
                "fields": ("affiliation_state", "affiliation_body"),
                "description": _(
                    "A new user is a reader with the lowest clearance. Raise their role and clearance "
                    "on their page afterwards: widening waits for a second administrator's approval."
                ),
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Activity"), {"fields": ("is_active", "last_login", "date_joined")}),
        (
            _("Affiliation and clearance"),
            {
                "fields": ("role", "affiliation_state", "affiliation_body", "clearance"),
                "description": _(
                    "Lowering a clearance or taking a role away applies at once. Raising a clearance, "
                    "granting the administrator or auditor role or changing the affiliation waits for "
                    "a second administrator's approval. Nobody changes their own."
                ),
            },
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

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """The form, told who is acting, so that it can refuse what they may not do."""
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Create through the accounts service; on change, save the details and hand access to four eyes."""
        actor = Actor.for_user(request.user)
        if not change:
            self.create_from_form(obj, form, actor)
            return
        details = {name: getattr(obj, name) for name in DETAIL_FIELDS}
        update_user_details(obj, details, actor=actor, reason="changed in the admin pages")
        wanted = access_in_form(form.cleaned_data)
        clearance = wanted[AccessChangeRequest.Field.CLEARANCE]
        outcome = change_access(
            obj,
            actor=actor,
            role=wanted[AccessChangeRequest.Field.ROLE],
            clearance=None if clearance is None else int(clearance),
            affiliation=wanted[AccessChangeRequest.Field.AFFILIATION],
            reason="changed in the admin pages",
        )
        obj.refresh_from_db()
        self.report_requests(request, obj, outcome)

    def create_from_form(self, obj: User, form: Any, actor: Actor) -> None:
        """Create the user the add form describes, and point the admin's unsaved copy at it."""
        data = form.cleaned_data
        state, body = data.get("affiliation_state"), data.get("affiliation_body")
        created = create_user(
            data["username"],
            data.get("password1") if data.get("usable_password", "true") != "false" else None,
            role=Role.READER,
            actor=actor,
            state=state.code if state else None,
            body=body.key if body else None,
            reason="created in the admin pages",
        )
        obj.pk, obj._state = created.pk, created._state

    def report_requests(self, request: HttpRequest, user: User, outcome: AccessOutcome) -> None:
        """Say which changes wait for a second administrator."""
        for waiting in outcome.requested:
            self.message_user(
                request,
                gettext(
                    "%(user)s: %(field)s %(old)s → %(new)s waits for a second administrator's "
                    "approval (request #%(id)s)."
                )
                % {
                    "user": user.username,
                    "field": waiting.get_field_display(),
                    "old": describe(waiting.field, waiting.from_value),
                    "new": describe(waiting.field, waiting.to_value),
                    "id": waiting.pk,
                },
                messages.WARNING,
            )

    @transaction.atomic
    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Set a password only within one's own reach, and put the change on the record (not the hash)."""
        user = self.get_object(request, unquote(id))
        if user is not None:
            try:
                refuse_taking_over_wider_access(Actor.for_user(request.user), user)
            except AccessChangeRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect("admin:accounts_user_change", user.pk)
        acting = ACTING.set(Actor.for_user(request.user))
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            ACTING.reset(acting)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Users are deactivated, not deleted, so that their records keep their author."""
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
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

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            revoke_token(
                token.prefix, actor=Actor.for_user(request.user), reason="revoked in the admin pages"
            )
        self.message_user(
            request, gettext("Revoked %(count)s token(s).") % {"count": queryset.count()}, messages.SUCCESS
        )


@admin.register(AccessChangeRequest)
class AccessChangeRequestAdmin(ReadOnlyAdmin):
    """Requests to widen a user's access: a second administrator approves or refuses them here."""

    list_display = (
        "id",
        "user",
        "field",
        "from_label",
        "to_label",
        "status",
        "requested_by_name",
        "requested_at",
        "decided_by_name",
        "decided_at",
    )
    list_filter = ("status", "field")
    search_fields = ("user__username", "requested_by_name", "decided_by_name")
    readonly_fields = (*list_display, "reason", "decision_note")
    actions = ["approve", "refuse"]

    @admin.display(description=_("from"))
    def from_label(self, request: AccessChangeRequest) -> str:
        return describe(request.field, request.from_value)

    @admin.display(description=_("to"))
    def to_label(self, request: AccessChangeRequest) -> str:
        return describe(request.field, request.to_value)

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset: Any) -> None:
        self.decide_each(request, queryset, approve_request, gettext("Approved request #%(id)s."))

    @admin.action(description=_("Refuse the selected requests"))
    def refuse(self, request: HttpRequest, queryset: Any) -> None:
        self.decide_each(request, queryset, refuse_request, gettext("Refused request #%(id)s."))

    def decide_each(self, request: HttpRequest, queryset: Any, decision: Any, done: str) -> None:
        """Decide every selected request on its own: one refusal does not undo the others."""
        actor = Actor.for_user(request.user)
        for pk in queryset.values_list("pk", flat=True):
            try:
                decision(pk, actor=actor, note="decided in the admin pages")
            except AccessChangeRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, done % {"id": pk}, messages.SUCCESS)
