"""The Crisis Response Center's daily situation report as a document.

Every morning a draft is made for the whole area of responsibility and for each collective security
region; a duty officer writes the assessment (English and Russian); a Secretariat officer or the
head of the CRC approves it. Approval numbers the report and freezes it: the HTML and the PDF are
rendered once, kept byte for byte with their SHA-256, and never rendered again. A correction is a
new version that supersedes the approved one; both are kept.

A report tells what it shows, so it is labelled from it (:mod:`accord.core.derived`): the highest
classification and the narrowest releasability of the events and alerts it shows, never below the
CRC's handling floor (an assessment is the Center's working record).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.validation import validate_day

WHOLE_AREA = "all"  # the scope of the report on the whole area of responsibility
NUMBER_PREFIX = "CRC"


class SituationReport(ClassifiedModel):
    """One version of the daily situation report of one scope and day."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded")

    scope = models.CharField(
        _("scope"),
        max_length=64,
        default=WHOLE_AREA,
        help_text=_("The whole area of responsibility, or the key of a collective security region."),
    )
    report_date = models.DateField(_("report date"), validators=[validate_day])
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("number"), max_length=80, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    assessment_en = models.TextField(_("assessment (English)"), blank=True, max_length=20000)
    assessment_ru = models.TextField(_("assessment (Russian)"), blank=True, max_length=20000)
    assessed_by = models.CharField(_("assessment written by"), max_length=150, blank=True)
    assessed_at = models.DateTimeField(_("assessment written at"), null=True, blank=True)
    drafted_by = models.CharField(_("drafted by"), max_length=150)
    drafted_at = models.DateTimeField(_("drafted at"))
    approved_by = models.CharField(_("approved by"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    html = models.BinaryField(_("stored HTML"), null=True, blank=True)
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64, blank=True)
    pdf = models.BinaryField(_("stored PDF"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    # Duty officers draft and assess; approval is a role check of its own (accord.crisis.sitreps).
    writer_roles = frozenset({"crc-duty-officer", "crc-head"})
    # The frozen files enter the change record by their hashes only, never whole.
    secret_fields = ("html", "pdf")
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        ordering = ["-report_date", "scope", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "report_date", "version"], name="sitrep_version"),
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="sitrep_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.scope} {self.report_date} v{self.version} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("crisis:sitrep-report", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        """Approved (or superseded since): its content is stored and never changes."""
        return self.status != self.Status.DRAFT
