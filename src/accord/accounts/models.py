"""Users of Accord: affiliation, role, clearance; and the API tokens of machine clients."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager, RestrictedQuerySet
from accord.core.classification import Classification


class Role(models.TextChoices):
    """What a user does in Accord."""

    ADMINISTRATOR = "administrator", _("administrator")
    SECRETARIAT_OFFICER = "secretariat-officer", _("secretariat officer")
    CRC_DUTY_OFFICER = "crc-duty-officer", _("CRC duty officer")
    CRC_HEAD = "crc-head", _("head of the CRC")
    JOINT_STAFF_OFFICER = "joint-staff-officer", _("Joint Staff officer")
    LIAISON_OFFICER = "liaison-officer", _("national liaison officer")
    AUDITOR = "auditor", _("auditor")
    READER = "reader", _("reader")


ROLES_REQUIRING_TWO_FACTOR = frozenset(Role.values) - {Role.READER}
# Roles that open more than a clearance does: managing users, or reading the log of who read what.
# Granting one needs a second administrator (four eyes); taking one away takes effect at once.
PRIVILEGED_ROLES = frozenset({Role.ADMINISTRATOR, Role.AUDITOR})


class RestrictedUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    """Django's user manager, with ``restrict(user, action)`` like every other model."""


class User(AbstractUser):
    """A person using Accord, affiliated with a working body or with one state."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.READER)
    clearance = models.PositiveSmallIntegerField(
        _("clearance"), choices=Classification.choices, default=Classification.PUBLIC
    )
    affiliation_state = models.ForeignKey(
        "charter.State",
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for staff of the Secretariat and other working bodies."),
    )
    affiliation_body = models.ForeignKey(
        "charter.Body",
        verbose_name=_("working body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    session_epoch = models.PositiveIntegerField(
        _("session generation"), default=0, help_text=_("Raised to end every session of the user at once.")
    )

    access_admin_only = True
    access_own_field = "pk"  # everyone sees their own account
    objects = RestrictedUserManager()

    # Never written into a change record (see accord.core.audit.snapshot).
    secret_fields = ("password",)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(affiliation_state__isnull=True) | models.Q(affiliation_body__isnull=True),
                name="user_one_affiliation",
            )
        ]

    @property
    def needs_two_factor(self) -> bool:
        """Every role but reader logs in with a second factor."""
        return self.role in ROLES_REQUIRING_TWO_FACTOR or self.is_superuser

    def get_session_auth_hash(self) -> str:
        """Sessions are bound to the password and to the session generation ("log out everywhere")."""
        key_salt = "accord.accounts.models.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, algorithm="sha256").hexdigest()


def hash_token_secret(secret: str) -> str:
    """Tokens are stored as SHA-256 of the secret (high-entropy, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


class ApiToken(models.Model):
    """A machine client's token: scoped to actions, expiring, revocable, stored hashed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(_("hash of the secret"), max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    access_admin_only = True
    access_own_field = "user"
    objects = RestrictedManager()

    # Never written into a change record (see accord.core.audit.snapshot).
    secret_fields = ("secret_hash",)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: timezone.datetime | None = None) -> bool:
        """Not revoked and not expired."""
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class AccessChangeRequest(models.Model):
    """A request to widen what a user may see, waiting for a second administrator (four eyes).

    Raising a clearance, granting a privileged role or moving a user to another affiliation is
    asked by one administrator and applied only when a different one approves; the request keeps
    who asked, for whom, from what to what, and who decided when.
    """

    class Field(models.TextChoices):
        CLEARANCE = "clearance", _("clearance")
        ROLE = "role", _("role")
        AFFILIATION = "affiliation", _("affiliation")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for user"),
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    field = models.CharField(_("what"), max_length=16, choices=Field.choices)
    from_value = models.CharField(_("from"), max_length=100)
    to_value = models.CharField(_("to"), max_length=100)
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_by_name = models.CharField(_("requested by"), max_length=150)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by_name = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    access_admin_only = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("access change request")
        verbose_name_plural = _("access change requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.user}: {self.field} {self.from_value} → {self.to_value} ({self.status})"
