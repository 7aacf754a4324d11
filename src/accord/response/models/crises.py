"""A crisis: what belongs together (requests, consultations, decisions, deployments, deliveries, events,
alert episodes, situation reports, documents), shown as one timeline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import in_active_language
from accord.core.validation import validate_day
from accord.response.models.common import COORDINATORS, source_text_field


class Crisis(ClassifiedModel):
    """A situation the Organization responds to, and the records that belong to it."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    started_on = models.DateField(_("started on"), validators=[validate_day])
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[validate_day])
    states = models.ManyToManyField("charter.State", verbose_name=_("states affected"), related_name="+")
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    events = models.ManyToManyField("crisis.Event", verbose_name=_("events"), related_name="+", blank=True)
    episodes = models.ManyToManyField(
        "crisis.Episode", verbose_name=_("alert episodes"), related_name="+", blank=True
    )
    reports = models.ManyToManyField(
        "crisis.SituationReport", verbose_name=_("situation reports"), related_name="+", blank=True
    )
    documents = models.ManyToManyField(
        "decisions.Document", verbose_name=_("documents"), related_name="+", blank=True
    )
    source_text = source_text_field()

    writer_roles = COORDINATORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("crisis")
        verbose_name_plural = _("crises")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="crisis_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_ru)

    @property
    def summary(self) -> str:
        return in_active_language(self.summary_en, self.summary_ru)
