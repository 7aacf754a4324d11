"""The category rules as analysts edit them: every saved version kept, the last one in force."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.monitoring.models.common import MONITORS


class RulesVersion(models.Model):
    """One saved version of the rules file (YAML, both languages); the highest number is in force.

    Versions are never changed or deleted, so every tag can be traced to the rules that made it.
    """

    number = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("rules (YAML)"))
    note = models.CharField(_("what changed"), max_length=500)
    saved_by = models.CharField(_("saved by"), max_length=150)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    # The rules say nothing classified: every user who works with monitoring reads them; the CRC edits.
    access_public = True
    writer_roles = MONITORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("version of the category rules")
        verbose_name_plural = _("versions of the category rules")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"
