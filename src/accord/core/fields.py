"""Model helpers shared by the domain apps: bilingual names and dates of known precision."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.core.answers import Bilingual


class DatePrecision(models.TextChoices):
    """How much of a date is known: the day, the month, the year, or only a latest date."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    BY = "by", _("on or before")


def in_active_language(english: str, russian: str) -> str:
    """The Russian text when Russian is active and one is recorded, else the English."""
    language = translation.get_language() or "en"
    return russian if language.startswith("ru") and russian else english


class BilingualNameMixin(models.Model):
    """A name stored in English and Russian, shown in the active language."""

    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.bilingual_name.in_language(translation.get_language() or "en")

    @property
    def bilingual_name(self) -> Bilingual:
        """Both names, for rules and reasons."""
        return Bilingual(self.name_en, self.name_ru)
