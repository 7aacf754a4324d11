"""Deployments of the collective forces: which formation, the decision that mandates it, the national
contingents (people and equipment as figures, never names), when they deployed and withdrew, phases."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import in_active_language
from accord.core.validation import validate_day
from accord.response.models.common import FORCE_KEEPERS, optional_link, source_text_field

MAX_STRENGTH = 1_000_000


def after_start(start: str, end: str, name: str) -> models.CheckConstraint:
    """An end date, when there is one, on or after its start."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


class Deployment(ClassifiedModel):
    """A formation of the collective forces sent to a state under a decision."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    formation = models.ForeignKey(
        "forces.Formation", verbose_name=_("formation"), on_delete=models.PROTECT, related_name="deployments"
    )
    request = optional_link("response.Request", _("request"), "deployments")
    crisis = optional_link("response.Crisis", _("crisis"), "deployments")
    mandate = models.ForeignKey(
        "decisions.AgendaItem",
        verbose_name=_("mandate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The decision (an agenda item of a session) that mandates the deployment."),
    )
    host = models.ForeignKey(
        "charter.State", verbose_name=_("deployed to"), on_delete=models.PROTECT, related_name="+"
    )
    deployed_on = models.DateField(_("deployed on"), validators=[validate_day])
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, validators=[validate_day])
    tasks_en = models.TextField(_("tasks (English)"), blank=True)
    tasks_ru = models.TextField(_("tasks (Russian)"), blank=True)
    source_text = source_text_field()
    source_keys = source_keys_field()

    writer_roles = FORCE_KEEPERS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["-deployed_on", "-id"]
        constraints = [after_start("deployed_on", "withdrawn_on", "deployment_withdrawn_after_deployed")]

    def __str__(self) -> str:
        return f"{self.formation} → {self.host.code} ({self.deployed_on})"

    @property
    def tasks(self) -> str:
        return in_active_language(self.tasks_en, self.tasks_ru)


class Contingent(models.Model):
    """One state's part of a deployment, as figures."""

    deployment = models.ForeignKey(
        Deployment, verbose_name=_("deployment"), on_delete=models.CASCADE, related_name="contingents"
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("state"), on_delete=models.PROTECT, related_name="+"
    )
    personnel = models.PositiveIntegerField(
        _("personnel"), null=True, blank=True, validators=[MaxValueValidator(MAX_STRENGTH)]
    )
    equipment = models.PositiveIntegerField(
        _("items of equipment"), null=True, blank=True, validators=[MaxValueValidator(MAX_STRENGTH)]
    )
    deployed_on = models.DateField(_("deployed on"), validators=[validate_day])
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, validators=[validate_day])

    access_through = "deployment"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("national contingent")
        verbose_name_plural = _("national contingents")
        ordering = ["deployment_id", "state__code", "deployed_on"]
        constraints = [after_start("deployed_on", "withdrawn_on", "contingent_withdrawn_after_deployed")]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.personnel or '—'}"


class DeploymentPhase(models.Model):
    """A phase of a deployment (deployment, tasks, withdrawal, …)."""

    deployment = models.ForeignKey(
        Deployment, verbose_name=_("deployment"), on_delete=models.CASCADE, related_name="phases"
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), validators=[validate_day])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[validate_day])

    access_through = "deployment"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("phase of a deployment")
        verbose_name_plural = _("phases of deployments")
        ordering = ["deployment_id", "starts_on", "id"]
        constraints = [after_start("starts_on", "ends_on", "deployment_phase_ends_after_start")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_en, self.name_ru)
