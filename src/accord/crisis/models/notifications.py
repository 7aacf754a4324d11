"""Notifications of the Crisis Response Center: what a user is told, and what they want to be told.

A notification belongs to its recipient and keeps no content of the record it is about: only the
kind of news and a generic reference (content type and id) to the record, so that it works for kinds
of records that come later (alert episodes, situation reports). Its title is made when it is shown,
through :mod:`accord.core.references`: a record the reader may no longer see shows as hidden, and an
administrator who looks at someone else's notifications learns no more than their own clearance allows.

Notifications are bookkeeping about delivery, like ``core.Run``: written directly, but only by
:mod:`accord.crisis.notifications`, and not put on the change record (one per recipient per event
would swamp it; the record they are about is on it already). Preferences are the user's own choice
and are written through the change record like any setting.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager


class NotificationKind(models.TextChoices):
    """What happened, as the recipient is told it."""

    EPISODE_RED = "episode.red", _("new red episode")
    EPISODE_ESCALATED = "episode.escalated", _("episode escalated")
    REPORT_RECEIVED = "report.received", _("situation report of a member state")
    SITREP_APPROVED = "sitrep.approved", _("daily situation report approved")
    # Crisis response (the response app calls these through accord.response.notify).
    REQUEST_SUBMITTED = "request.submitted", _("request for assistance submitted")
    OFFER_MADE = "offer.made", _("offer of assistance made")
    OFFER_ACCEPTED = "offer.accepted", _("offer of assistance accepted")
    DECISION_TAKEN = "decision.taken", _("decision on a request taken")
    DELIVERY_RECORDED = "delivery.recorded", _("delivery recorded")


class Level(models.TextChoices):
    """Early-warning levels, lowest first (the order is what a minimum level compares)."""

    GREEN = "green", _("green")
    AMBER = "amber", _("amber")
    RED = "red", _("red")


LEVEL_ORDER = {level: rank for rank, level in enumerate(Level.values)}


class EmailStatus(models.TextChoices):
    """Where a notification's e-mail stands."""

    NOT_WANTED = "not-wanted", _("no e-mail")
    PENDING = "pending", _("to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    WITHHELD = "withheld", _("withheld")  # the recipient may no longer see the record, or left


class Notification(models.Model):
    """One piece of news for one user about one record."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NotificationKind.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("record id"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=12, choices=EmailStatus.choices, default=EmailStatus.NOT_WANTED
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.CharField(_("e-mail error"), max_length=300, blank=True)

    access_admin_only = True
    access_own_field = "recipient"  # each user sees their own
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_status", "created_at"], name="notification_mail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """What one user wants to be told: empty lists mean "all that I may see"; e-mail on or off.

    Each filter narrows only the news that carries what it filters: a list of series keys narrows
    episodes (which have a series) and leaves member states' reports (which have none) alone.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    kinds = models.JSONField(_("kinds of news"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    states = models.JSONField(_("states"), default=list, blank=True)
    series_keys = models.JSONField(_("series"), default=list, blank=True)
    min_level = models.CharField(_("minimum level"), max_length=8, choices=Level.choices, default=Level.GREEN)
    email = models.BooleanField(_("also by e-mail"), default=True)

    access_admin_only = True
    access_own_field = "user"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"notification preferences of user #{self.user_id}"
