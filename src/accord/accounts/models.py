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
    LIAISON_OFFICER = "liaison-officer", _("national liaison officer")
    READER = "reader", _("reader")


ROLES_REQUIRING_TWO_FACTOR = frozenset(Role.values) - {Role.READER}


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

    objects = RestrictedManager()

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
