"""What the response app's models share: who writes them, amounts, and the source of a fact."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The Secretariat and the Crisis Response Center consolidate requests and coordinate assistance for
# every state (a liaison officer acts for their own state only).
COORDINATORS = frozenset({"secretariat-officer", "crc-duty-officer", "crc-head"})
# Deployments of the collective forces are also kept by the Joint Staff.
FORCE_KEEPERS = COORDINATORS | {"joint-staff-officer"}

MAX_AMOUNT = Decimal("1e15")  # more than any request could hold: a typing error


def quantity_field(verbose_name: str, *, null: bool = False) -> models.DecimalField:
    """A quantity of what is asked, offered or delivered (fractions allowed: 2.5 tonnes)."""
    return models.DecimalField(
        verbose_name,
        max_digits=18,
        decimal_places=3,
        null=null,
        blank=null,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )


def value_field() -> models.DecimalField:
    """A value in money, empty when there is none or it is not known (never zero for unknown)."""
    return models.DecimalField(
        _("value"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )


def currency_field() -> models.CharField:
    """The ISO 4217 code of a value's currency (RUB, USD, …)."""
    return models.CharField(_("currency"), max_length=3, blank=True)


def source_text_field() -> models.CharField:
    """Where a fact comes from, as a person would cite it (a letter, a minute, a telephone call)."""
    return models.CharField(_("source"), max_length=400, blank=True)


def optional_link(target: str, verbose_name: str, related_name: str, **extra: object) -> models.ForeignKey:
    """A link a record may have to another response record (its crisis, its request): kept from
    deletion while it is linked, empty when there is none."""
    return models.ForeignKey(
        target,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        **extra,
    )
