"""Documents of the Organization's bodies, each with a classification and a releasability."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel


class Document(ClassifiedModel):
    """A decision, declaration, statement, appeal, plan, strategy, program, list of measures or regulation."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision")
        DECLARATION = "declaration", _("declaration")
        STATEMENT = "statement", _("statement")
        APPEAL = "appeal", _("appeal")
        PLAN = "plan", _("plan")
        STRATEGY = "strategy", _("strategy")
        PROGRAM = "program", _("program")
        LIST_OF_MEASURES = "list-of-measures", _("list of measures")
        REGULATION = "regulation", _("regulation")
        REPORT = "report", _("report")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    body = models.ForeignKey(
        "charter.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    state = models.ForeignKey(
        "charter.State",
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("The state a national report comes from."),
    )
    date = models.DateField(_("date"), db_index=True)
    text = models.TextField(_("text"), blank=True)
    instrument = models.ForeignKey(
        "charter.Instrument", verbose_name=_("instrument"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language."""
        language = translation.get_language() or "en"
        return self.title_ru if language.startswith("ru") and self.title_ru else self.title_en
