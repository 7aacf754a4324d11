"""The formations of the collective forces: what they are, where, why, and the decision behind them.

Formations are the Organization's open structure (named in public statements), so everyone sees
them; what each state contributes to them, and how ready it is, are classified records of their own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Region, source_keys_field
from accord.core.access import RestrictedManager
from accord.core.fields import BilingualNameMixin, DatePrecision, in_active_language
from accord.core.validation import validate_day


class FormationKind(models.TextChoices):
    """What kind of formation it is (the kinds the source texts name)."""

    RAPID_REACTION = "rapid-reaction", _("rapid reaction forces")
    RAPID_DEPLOYMENT = "rapid-deployment", _("rapid deployment forces")
    PEACEKEEPING = "peacekeeping", _("peacekeeping forces")
    AVIATION = "aviation", _("aviation forces")
    REGIONAL_GROUPING = "regional-grouping", _("regional grouping of troops")
    AIR_DEFENCE = "air-defence", _("air defence system")
    OTHER = "other", _("other")


class Formation(BilingualNameMixin):
    """A formation of the collective forces (CRRF, CRDF CAR, the Peacekeeping Forces, …)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    short_en = models.CharField(_("short name (English)"), max_length=40, blank=True)
    short_ru = models.CharField(_("short name (Russian)"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=FormationKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formations",
        help_text=_("The collective security region it serves; empty for the whole Organization."),
    )
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    purpose_ru = models.TextField(_("purpose (Russian)"), blank=True)
    formed = models.DateField(_("formed"), null=True, blank=True, validators=[validate_day])
    formed_precision = models.CharField(
        _("precision of the date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    decision = models.ForeignKey(
        "decisions.Document",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formations",
        help_text=_("The recorded decision that created it, when it is recorded."),
    )
    decision_note_en = models.CharField(
        _("decision, as the sources name it (English)"), max_length=400, blank=True
    )
    decision_note_ru = models.CharField(
        _("decision, as the sources name it (Russian)"), max_length=400, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open structure, named in its public statements
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["key"]

    @property
    def short(self) -> str:
        return in_active_language(self.short_en, self.short_ru) or self.name

    @property
    def purpose(self) -> str:
        return in_active_language(self.purpose_en, self.purpose_ru)

    @property
    def decision_note(self) -> str:
        return in_active_language(self.decision_note_en, self.decision_note_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)
