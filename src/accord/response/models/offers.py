"""Offers against the lines of a request, and the deliveries ledger.

An offer is counted the way OCHA's Financial Tracking Service counts a pledge: not until the
requesting state accepts it (committed) and not as delivered until a delivery is recorded against
it. Its dates (offered, accepted, declined, withdrawn) are kept, not only its present status, so the
gap of a request can be answered as of any date. A delivery need not answer an offer: the
military-technical assistance the Organization gave after a training is a delivery too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import DatePrecision, in_active_language
from accord.core.validation import validate_day
from accord.response.models.common import (
    COORDINATORS,
    currency_field,
    optional_link,
    quantity_field,
    source_text_field,
    value_field,
)
from accord.response.models.requests import LineKind


class OfferStatus(models.TextChoices):
    """Where an offer stands (delivered quantities are the sum of its deliveries)."""

    PLEDGED = "pledged", _("pledged")
    COMMITTED = "committed", _("committed (accepted)")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Offer(models.Model):
    """What one state offers against one line of a request."""

    line = models.ForeignKey(
        "response.RequestLine", verbose_name=_("line"), on_delete=models.PROTECT, related_name="offers"
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("offering state"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = quantity_field(_("quantity"))
    value = value_field()
    currency = currency_field()
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.PLEDGED
    )
    offered_on = models.DateField(_("offered on"), validators=[validate_day])
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, validators=[validate_day])
    declined_on = models.DateField(_("declined on"), null=True, blank=True, validators=[validate_day])
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, validators=[validate_day])
    answer_reason = models.TextField(_("why accepted or declined"), blank=True)
    note = models.TextField(_("note"), blank=True)
    source_text = source_text_field()

    access_through = "line__request"
    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation", "join-operations"})
    writer_roles = COORDINATORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["line_id", "offered_on", "id"]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.quantity} {self.line.unit}"


class Delivery(ClassifiedModel):
    """What was delivered: what, how much, worth what, from whom to whom, when, against which offer."""

    key = models.SlugField(
        _("key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set for the deliveries a data file ships; empty for those recorded by people."),
    )
    offer = models.ForeignKey(
        Offer,
        verbose_name=_("offer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    donor_state = models.ForeignKey(
        "charter.State",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the Organization itself gave it."),
    )
    recipient = models.ForeignKey(
        "charter.State", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.ForeignKey(
        "charter.AssistanceBasis",
        verbose_name=_("basis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    crisis = optional_link("response.Crisis", _("crisis"), "deliveries")
    kind = models.CharField(_("kind"), max_length=16, choices=LineKind.choices)
    what_en = models.CharField(_("what (English)"), max_length=300)
    what_ru = models.CharField(_("what (Russian)"), max_length=300, blank=True)
    quantity = quantity_field(_("quantity"), null=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    value = value_field()
    currency = currency_field()
    delivered_on = models.DateField(_("delivered on"), db_index=True, validators=[validate_day])
    delivered_precision = models.CharField(
        _("precision of the date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_text = source_text_field()
    source_keys = source_keys_field()

    owner_state_field = "donor_state__code"
    write_rights = frozenset({"full-participation", "join-operations"})
    writer_roles = COORDINATORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return self.what

    @property
    def what(self) -> str:
        return in_active_language(self.what_en, self.what_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)
