"""Cooperation with other organizations: the partners, the agreements in force, joint events, and
contacts between institutions.

Partners, agreements and joint events are the Organization's public relations (named in its public
statements), so everyone sees them. Contacts say which office deals with which, and through what
channel; they are classified records. None of them names a person: only organizations, their
offices and our bodies.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import BilingualNameMixin, DatePrecision, in_active_language
from accord.core.validation import validate_day


class PartnerKind(models.TextChoices):
    UN_BODY = "un-body", _("United Nations body")
    UN_OFFICE = "un-office", _("UN office or agency")
    REGIONAL = "regional", _("regional organization")
    REGIONAL_BODY = "regional-body", _("body of a regional organization")
    HUMANITARIAN = "humanitarian", _("humanitarian organization")
    OTHER = "other", _("other")


class PartnerOrganization(BilingualNameMixin):
    """An organization the CSTO works with (the UN and its offices, the OSCE, the CIS, the SCO, …)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=40, blank=True)
    abbreviation_ru = models.CharField(_("abbreviation (Russian)"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's partners, named in its public statements
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["key"]

    @property
    def abbreviation(self) -> str:
        return in_active_language(self.abbreviation_en, self.abbreviation_ru) or self.name

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class Agreement(models.Model):
    """An agreement or memorandum with a partner organization, and when it is in force."""

    key = models.SlugField(_("key"), max_length=100, unique=True, null=True, blank=True)
    organization = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_ru = models.CharField(_("title (Russian)"), max_length=400, blank=True)
    signed = models.DateField(_("signed"), null=True, blank=True, validators=[validate_day])
    signed_precision = models.CharField(
        _("precision of the date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True, validators=[validate_day])
    in_force_until = models.DateField(_("in force until"), null=True, blank=True, validators=[validate_day])
    source_text = models.CharField(_("source"), max_length=400, blank=True)
    source_keys = source_keys_field()

    access_public = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["organization__key", "signed", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_ru)


def in_force_on(day: datetime.date) -> Q:
    """Agreements in force on ``day``: in force from on or before it and not ended before it."""
    return Q(in_force_from__lte=day) & (Q(in_force_until__isnull=True) | Q(in_force_until__gte=day))


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("conference")
    CONSULTATION = "consultation", _("consultation")
    MEETING = "meeting", _("meeting")
    EXERCISE_OBSERVERS = "exercise-observers", _("observers at an exercise")
    STATEMENT = "statement", _("speech or statement")
    OTHER = "other", _("other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class JointEvent(models.Model):
    """An event held with partner organizations: a conference, a consultation, observers at an exercise."""

    key = models.SlugField(_("key"), max_length=100, unique=True, null=True, blank=True)
    organizations = models.ManyToManyField(
        PartnerOrganization, verbose_name=_("organizations"), related_name="events"
    )
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_ru = models.CharField(_("title (Russian)"), max_length=400, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, validators=[validate_day])
    date_precision = models.CharField(
        _("precision of the date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("joint event")
        verbose_name_plural = _("joint events")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_ru)

    @property
    def place(self) -> str:
        return in_active_language(self.place_en, self.place_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class Channel(models.TextChoices):
    LIAISON = "liaison", _("permanent liaison")
    CORRESPONDENCE = "correspondence", _("official correspondence")
    MEETINGS = "meetings", _("regular meetings")
    REPRESENTATION = "representation", _("permanent representation")
    OTHER = "other", _("other")


class InstitutionalContact(ClassifiedModel):
    """Which office of a partner deals with which of our bodies, and how: institutions, never people."""

    organization = models.ForeignKey(
        PartnerOrganization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="contacts"
    )
    their_unit = models.CharField(_("their office or unit"), max_length=300)
    our_body = models.ForeignKey(
        "charter.Body", verbose_name=_("our body"), on_delete=models.PROTECT, related_name="partner_contacts"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("institutional contact")
        verbose_name_plural = _("institutional contacts")
        ordering = ["organization__key", "id"]

    def __str__(self) -> str:
        return f"{self.organization.abbreviation}: {self.their_unit}"
