"""National contributions to the formations and their readiness on a date.

A contribution says what a state puts into a formation: a kind of unit and its strength as figures
(never named people), from a date. A readiness report rates it on a date, as the UN's Peacekeeping
Capability Readiness System and the IFRC's emergency response units do: people, equipment and
support each ready, partial or not ready, the overall rating being the lowest of the three. Both are
classified: who may see them is decided by their labels, and a report is never labelled below the
contribution it rates (it tells as much as the contribution does).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import Classification, ClassifiedModel
from accord.core.fields import in_active_language
from accord.core.validation import validate_day

MAX_STRENGTH = 1_000_000  # more people or items than any contribution could hold: a typing error


def confidential_field() -> models.PositiveSmallIntegerField:
    """The classification field of contributions and readiness: CONFIDENTIAL unless labelled otherwise."""
    return models.PositiveSmallIntegerField(
        _("classification"),
        choices=Classification.choices,
        default=Classification.CONFIDENTIAL,
        db_index=True,
    )


# The Joint Staff keeps the register of the collective forces: its officers record contributions and
# readiness for every state (a liaison officer, for their own state only).
JOINT_STAFF = frozenset({"joint-staff-officer"})


class UnitType(models.TextChoices):
    """The kind of unit a state contributes."""

    MOTOR_RIFLE = "motor-rifle", _("motor rifle / infantry")
    AIRBORNE = "airborne", _("airborne / air assault")
    SPECIAL_FORCES = "special-forces", _("special forces")
    AIR_BASE = "air-base", _("air base")
    AVIATION = "aviation", _("aviation")
    AIR_DEFENCE = "air-defence", _("air defence")
    PEACEKEEPING = "peacekeeping", _("peacekeeping unit")
    POLICE = "police", _("police / interior troops")
    EMERGENCIES = "emergencies", _("emergency response unit")
    ENGINEERING = "engineering", _("engineering")
    MEDICAL = "medical", _("medical")
    LOGISTICS = "logistics", _("logistics")
    SIGNALS = "signals", _("signals")
    MILITARY_BASE = "military-base", _("military base")
    OTHER = "other", _("other")


class Rating(models.TextChoices):
    """How ready one part of a contribution is, best first."""

    READY = "ready", _("ready")
    PARTIAL = "partial", _("partially ready")
    NOT_READY = "not-ready", _("not ready")


RATING_ORDER = (Rating.READY, Rating.PARTIAL, Rating.NOT_READY)


def lowest(*ratings: str) -> str:
    """The worst of the ratings: a unit is only as ready as its least ready part."""
    return max(ratings, key=lambda rating: RATING_ORDER.index(Rating(rating)))


class Contribution(ClassifiedModel):
    """What one state contributes to one formation: a unit type and its strength, from a date."""

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set for the contributions a data file ships; empty for those recorded by people."),
    )
    formation = models.ForeignKey(
        "forces.Formation",
        verbose_name=_("formation"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("state"), on_delete=models.PROTECT, related_name="contributions"
    )
    unit_type = models.CharField(_("unit type"), max_length=24, choices=UnitType.choices)
    description_en = models.CharField(
        _("description (English)"),
        max_length=300,
        blank=True,
        help_text=_("The unit as a unit (a battalion, an air base), never the names of people."),
    )
    description_ru = models.CharField(_("description (Russian)"), max_length=300, blank=True)
    personnel = models.PositiveIntegerField(
        _("personnel"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_STRENGTH)],
        help_text=_("Empty when the strength is not known (not zero)."),
    )
    equipment = models.PositiveIntegerField(
        _("items of equipment"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_STRENGTH)],
        help_text=_("Empty when not known (not zero)."),
    )
    valid_from = models.DateField(_("from"), null=True, blank=True, validators=[validate_day])
    valid_until = models.DateField(_("until"), null=True, blank=True, validators=[validate_day])
    source_text = models.CharField(_("source"), max_length=400, blank=True)
    source_keys = source_keys_field()
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)

    classification = confidential_field()

    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation"})
    writer_roles = JOINT_STAFF
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("national contribution")
        verbose_name_plural = _("national contributions")
        ordering = ["formation__key", "state__code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="contribution_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.code} → {self.formation.short}: {self.get_unit_type_display()}"

    @property
    def description(self) -> str:
        return in_active_language(self.description_en, self.description_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class ReadinessReport(ClassifiedModel):
    """How ready a contribution is on a date: people, equipment, support, and the report behind it."""

    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.PROTECT, related_name="readiness"
    )
    date = models.DateField(_("date"), db_index=True, validators=[validate_day])
    people = models.CharField(_("people"), max_length=12, choices=Rating.choices)
    equipment = models.CharField(_("equipment"), max_length=12, choices=Rating.choices)
    support = models.CharField(_("support"), max_length=12, choices=Rating.choices)
    overall = models.CharField(
        _("overall"),
        max_length=12,
        choices=Rating.choices,
        editable=False,
        help_text=_("The lowest of the three."),
    )
    document = models.ForeignKey(
        "decisions.Document",
        verbose_name=_("report document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="readiness_reports",
    )
    source_text = models.CharField(_("source"), max_length=400, blank=True)
    note = models.TextField(_("note"), blank=True)

    classification = confidential_field()

    owner_state_field = "contribution__state__code"
    write_rights = frozenset({"full-participation"})
    writer_roles = JOINT_STAFF
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("readiness report")
        verbose_name_plural = _("readiness reports")
        ordering = ["contribution_id", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_overall_display()}"

    def save(self, *args, **kwargs) -> None:
        self.overall = lowest(self.people, self.equipment, self.support)
        super().save(*args, **kwargs)
