"""Users of Accord: who they are affiliated with and what role they hold."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does in Accord."""

    ADMINISTRATOR = "administrator", _("administrator")
    SECRETARIAT_OFFICER = "secretariat-officer", _("secretariat officer")
    CRC_DUTY_OFFICER = "crc-duty-officer", _("CRC duty officer")
    LIAISON_OFFICER = "liaison-officer", _("national liaison officer")
    READER = "reader", _("reader")


class User(AbstractUser):
    """A person using Accord, affiliated with a working body or with one state."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.READER)
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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
