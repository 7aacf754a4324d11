"""Model helpers shared by the domain apps: choices built from the shared vocabularies, bilingual
names and dates of known precision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.core import labels
from accord.core.answers import Bilingual


def django_choices(
    vocabulary: type[Enum], names: Mapping[Any, str | Promise], *, only: Iterable[Enum] | None = None
) -> Any:
    """Django choices (``IntegerChoices`` or ``TextChoices``) for a vocabulary of
    :mod:`accord.core.labels`, each member with its translated label.

    The vocabulary keeps the values (one place, no Django, for the pure rules); the model layer adds
    only the words shown to people. ``only`` keeps the members a field may hold, in the
    vocabulary's order. Each choice equals its vocabulary member (``Classification.SECRET ==
    labels.Classification.SECRET``), so rules and models compare without conversion.
    """
    wanted = list(vocabulary) if only is None else [member for member in vocabulary if member in set(only)]
    missing = [member.name for member in wanted if member not in names]
    if missing:
        raise ValueError(f"{vocabulary.__name__}: no label for {', '.join(missing)}")
    base = models.IntegerChoices if issubclass(vocabulary, int) else models.TextChoices
    members = [(member.name, (member.value, names[member])) for member in wanted]
    return base(vocabulary.__name__, members, module=__name__, qualname=vocabulary.__name__)


DATE_PRECISION_NAMES = {
    labels.DatePrecision.DAY: _("day"),
    labels.DatePrecision.WEEK: _("week"),
    labels.DatePrecision.MONTH: _("month"),
    labels.DatePrecision.YEAR: _("year"),
    labels.DatePrecision.BY: _("on or before"),
}
# How much of a recorded fact's date is known: the day, the month, the year, or only a latest date.
DatePrecision = django_choices(labels.DatePrecision, DATE_PRECISION_NAMES, only=labels.RECORD_DATE_PRECISIONS)
# How much of an event's date (or a series figure's period) is known: the day, week, month or year.
EventDatePrecision = django_choices(
    labels.DatePrecision, DATE_PRECISION_NAMES, only=labels.EVENT_DATE_PRECISIONS
)


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
