"""The training of personnel: places offered and used, per year, state, field and institution.

Figures only, never the people trained. A row may be an approximate total that the source does not
split by state or field (the state and field left empty, ``approximate`` set), so the shipped fact
("about 1,500 a year") is recorded as what it is and not spread over states by guesswork.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import in_active_language

MAX_PLACES = 100_000


class TrainingField(models.TextChoices):
    DEFENCE = "defence", _("defence")
    INTERIOR = "interior", _("interior")
    EMERGENCIES = "emergencies", _("emergencies")
    SECURITY = "security", _("security services")


class PersonnelTraining(ClassifiedModel):
    """Places at an institution for one year (and state and field, where the source splits them)."""

    key = models.SlugField(_("key"), max_length=100, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1992), MaxValueValidator(2100)], db_index=True
    )
    state = models.ForeignKey(
        "charter.State",
        verbose_name=_("state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personnel_training",
        help_text=_("Whose personnel; empty for a total of all member states."),
    )
    field = models.CharField(
        _("field"),
        max_length=12,
        choices=TrainingField.choices,
        blank=True,
        help_text=_("Empty when the source does not split the figure by field."),
    )
    institution_en = models.CharField(_("institution (English)"), max_length=300)
    institution_ru = models.CharField(_("institution (Russian)"), max_length=300, blank=True)
    places_offered = models.PositiveIntegerField(
        _("places offered"), null=True, blank=True, validators=[MaxValueValidator(MAX_PLACES)]
    )
    places_used = models.PositiveIntegerField(
        _("places used"), null=True, blank=True, validators=[MaxValueValidator(MAX_PLACES)]
    )
    approximate = models.BooleanField(_("approximate"), default=False)
    source_text = models.CharField(_("source"), max_length=400, blank=True)
    source_keys = source_keys_field()
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)

    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("personnel training figure")
        verbose_name_plural = _("personnel training figures")
        ordering = ["-year", "state__code", "field", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(places_offered__isnull=True)
                | Q(places_used__isnull=True)
                | Q(places_used__lte=F("places_offered")),
                name="personnel_used_within_offered",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.year} {self.state.code if self.state_id else '*'} {self.field or '*'}: {self.institution}"
        )

    @property
    def institution(self) -> str:
        return in_active_language(self.institution_en, self.institution_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)
