"""Requests for assistance: who asks, on what basis, through which channel, for what (its lines), and
its life (the append-only steps, so that its state on any date is the last step on or before it)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import in_active_language
from accord.core.validation import validate_day
from accord.response.models.common import (
    COORDINATORS,
    currency_field,
    optional_link,
    quantity_field,
    source_text_field,
    value_field,
)


class Channel(models.TextChoices):
    """How a request travels: consolidated by the Organization, or straight to named states."""

    ORGANIZATION = "organization", _("through the Organization")
    BILATERAL = "bilateral", _("bilateral")


class RequestStatus(models.TextChoices):
    """Where a request stands (see :mod:`accord.response.lifecycle` for the steps allowed)."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_CONSULTATION = "under-consultation", _("under consultation")
    APPROVED = "approved", _("approved")
    PARTLY_APPROVED = "partly-approved", _("partly approved")
    DECLINED = "declined", _("declined")
    IN_DELIVERY = "in-delivery", _("in delivery")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class LineKind(models.TextChoices):
    """What a line of a request asks for."""

    FORCES = "forces", _("forces")
    EQUIPMENT = "equipment", _("equipment")
    SUPPLIES = "supplies", _("supplies")
    FUNDS = "funds", _("funds")
    SERVICES = "services", _("services")


class Request(ClassifiedModel):
    """A state's request for assistance."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    crisis = optional_link("response.Crisis", _("crisis"), "requests")
    state = models.ForeignKey(
        "charter.State", verbose_name=_("requesting state"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.ForeignKey(
        "charter.AssistanceBasis", verbose_name=_("basis"), on_delete=models.PROTECT, related_name="requests"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    addressed_to = models.ManyToManyField(
        "charter.State",
        verbose_name=_("addressed to"),
        related_name="+",
        blank=True,
        help_text=_("The states a bilateral request is addressed to."),
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    requested_on = models.DateField(_("date"), validators=[validate_day])
    needed_by = models.DateField(_("needed by"), null=True, blank=True, validators=[validate_day])
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    decision_item = models.ForeignKey(
        "decisions.AgendaItem",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The agenda item of the session that decided the request."),
    )
    events = models.ManyToManyField("crisis.Event", verbose_name=_("events"), related_name="+", blank=True)
    episodes = models.ManyToManyField(
        "crisis.Episode", verbose_name=_("alert episodes"), related_name="+", blank=True
    )
    reports = models.ManyToManyField(
        "crisis.SituationReport", verbose_name=_("situation reports"), related_name="+", blank=True
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_text = source_text_field()
    source_keys = source_keys_field()

    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation"})
    writer_roles = COORDINATORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(needed_by__isnull=True)
                | models.Q(needed_by__gte=models.F("requested_on")),
                name="request_needed_after_asked",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The request's page (links to it from other records go through ``core.references``)."""
        return reverse("response:request-detail", kwargs={"key": self.key})

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class RequestStep(models.Model):
    """One step of a request's life: the status it moved to, when it took effect, who, why, the source."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("status"), max_length=24, choices=RequestStatus.choices)
    on = models.DateField(_("took effect on"), validators=[validate_day])
    reason = models.TextField(_("why"), blank=True)
    source_text = source_text_field()
    recorded_by = models.CharField(_("recorded by"), max_length=150)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    access_through = "request"
    audit_trail = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("step of a request")
        verbose_name_plural = _("steps of requests")
        ordering = ["request_id", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_status_display()}"


class RequestLine(models.Model):
    """One thing a request asks for: what, how much of it, and what it is worth where that is known."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="lines"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=LineKind.choices)
    what_en = models.CharField(_("what (English)"), max_length=300)
    what_ru = models.CharField(_("what (Russian)"), max_length=300, blank=True)
    quantity = quantity_field(_("quantity"))
    unit = models.CharField(_("unit"), max_length=40)
    value = value_field()
    currency = currency_field()

    access_through = "request"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("line of a request")
        verbose_name_plural = _("lines of requests")
        ordering = ["request_id", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="request_line_number_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.what} ({self.quantity} {self.unit})"

    @property
    def what(self) -> str:
        return in_active_language(self.what_en, self.what_ru)
