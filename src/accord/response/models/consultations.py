"""Consultations on a request: a session held by the CRC, the Secretariat, the Joint Staff or a body.

A consultation is a :class:`accord.decisions.models.Session` (its date, format, schedule,
participants in the capacity their status gives them, agenda and classified minutes drafted, amended
and approved exactly as for any session), plus what only a consultation has: the request it is about,
the participants that are not states (heads of services, working bodies), and its outcome — a
proposal to a body.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.fields import in_active_language
from accord.response.models.common import optional_link


class Consultation(models.Model):
    """What a session held as a consultation is about, and what it proposes."""

    session = models.OneToOneField(
        "decisions.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="consultation"
    )
    request = optional_link("response.Request", _("request"), "consultations")
    crisis = optional_link("response.Crisis", _("crisis"), "consultations")
    outcome_en = models.TextField(_("outcome (English)"), blank=True)
    outcome_ru = models.TextField(_("outcome (Russian)"), blank=True)
    proposal_to = models.ForeignKey(
        "charter.Body",
        verbose_name=_("proposal to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposal_item = models.ForeignKey(
        "decisions.AgendaItem",
        verbose_name=_("proposed agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    access_through = "session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-session__date", "-id"]

    def __str__(self) -> str:
        return str(self.session)

    @property
    def outcome(self) -> str:
        return in_active_language(self.outcome_en, self.outcome_ru)


class ConsultationAttendee(models.Model):
    """A participant that is not a state: a working body, or the heads of services as a group (never a
    named person)."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="attendees"
    )
    body = models.ForeignKey(
        "charter.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description_en = models.CharField(_("who (English)"), max_length=300, blank=True)
    description_ru = models.CharField(_("who (Russian)"), max_length=300, blank=True)

    access_through = "consultation__session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("participant that is not a state")
        verbose_name_plural = _("participants that are not states")
        ordering = ["consultation_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body__isnull=True, description_en=""), name="attendee_is_someone"
            )
        ]

    def __str__(self) -> str:
        return str(self.body) if self.body_id else self.description

    @property
    def description(self) -> str:
        return in_active_language(self.description_en, self.description_ru)
