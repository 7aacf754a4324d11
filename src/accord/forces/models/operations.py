"""Joint operations against challenges and threats ("Channel", "Illegal", "Mercenary", "PROXY") and
their results, recorded as aggregate figures only.

An operation has a type (which says what its results may count: the type's indicators), phases with
dates known as precisely as the sources say, participating states (each in the capacity the charter
gives its status on the operation's dates), and results: one number per phase, state and indicator,
with the indicator's unit and a source. There is no field in which a person could be named: a result
is a figure, and its free-text note is refused when it reads like a list of names
(:func:`accord.forces.operations.names.names_in`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import Classification, ClassifiedModel
from accord.core.fields import DatePrecision, in_active_language


class Aggregation(models.TextChoices):
    """How the figures of an indicator add up over states and phases."""

    SUM = "sum", _("sum")
    MAX = "max", _("largest figure")


class Qualifier(models.TextChoices):
    """How exact a reported figure is, as the source gives it."""

    EXACT = "exact", _("exactly")
    ABOUT = "about", _("about")
    MORE_THAN = "more-than", _("more than")


class OperationType(models.Model):
    """A kind of joint operation, with the threat it counters and the agencies that carry it out."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    threat_en = models.CharField(_("threat (English)"), max_length=300)
    threat_ru = models.CharField(_("threat (Russian)"), max_length=300, blank=True)
    agencies_en = models.CharField(_("agencies (English)"), max_length=300, blank=True)
    agencies_ru = models.CharField(_("agencies (Russian)"), max_length=300, blank=True)
    third_countries = models.BooleanField(_("third countries take part"), default=False)
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_public = True  # the kinds of operation are named in public interviews
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("type of operation")
        verbose_name_plural = _("types of operation")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_en, self.name_ru)

    @property
    def threat(self) -> str:
        return in_active_language(self.threat_en, self.threat_ru)


class Indicator(models.Model):
    """What a result of an operation of one type may count, in which unit, and how figures add up."""

    operation_type = models.ForeignKey(
        OperationType,
        verbose_name=_("type of operation"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    key = models.SlugField(_("key"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    counts_en = models.CharField(_("what it counts (English)"), max_length=300, blank=True)
    counts_ru = models.CharField(_("what it counts (Russian)"), max_length=300, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )

    access_public = True  # what results count, not the results
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["operation_type", "key"]
        constraints = [
            models.UniqueConstraint(fields=["operation_type", "key"], name="indicator_key_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.operation_type.key}:{self.key}"

    @property
    def name(self) -> str:
        return in_active_language(self.name_en, self.name_ru)


class Operation(ClassifiedModel):
    """One operation of a type in a year (``mercenary-2019``)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    operation_type = models.ForeignKey(
        OperationType,
        verbose_name=_("type of operation"),
        on_delete=models.PROTECT,
        related_name="operations",
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("joint operation")
        verbose_name_plural = _("joint operations")
        ordering = ["-year", "operation_type__key"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def name(self) -> str:
        return in_active_language(self.name_en, self.name_ru)


class OperationPhase(models.Model):
    """A phase of an operation, with dates known to the day, the month or the year."""

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="phases"
    )
    key = models.SlugField(_("key"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    start_precision = models.CharField(
        _("precision of the start"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end = models.DateField(_("end"))
    end_precision = models.CharField(
        _("precision of the end"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_through = "operation"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("phase of an operation")
        verbose_name_plural = _("phases of operations")
        ordering = ["operation", "start", "key"]
        constraints = [models.UniqueConstraint(fields=["operation", "key"], name="phase_key_per_operation")]

    def __str__(self) -> str:
        return f"{self.operation.key}/{self.key}"

    @property
    def name(self) -> str:
        return in_active_language(self.name_en, self.name_ru)


class OperationParticipant(models.Model):
    """A state taking part in an operation, in the capacity its status gave it on the dates."""

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="participants"
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("state"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.CharField(_("capacity"), max_length=16)
    reason = models.TextField(_("why"), blank=True)
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_through = "operation"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("participant in an operation")
        verbose_name_plural = _("participants in operations")
        ordering = ["operation", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "state"], name="operation_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.operation.key}: {self.state.code}"


class OperationResult(ClassifiedModel):
    """One aggregate figure of an operation: a phase, a state (or the whole operation, as the
    Organization reports it), an indicator of the operation's type, a number in the indicator's
    unit, and where it was read. Never a person: there is no field for one."""

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="results"
    )
    phase = models.ForeignKey(
        OperationPhase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="results"
    )
    state = models.ForeignKey(
        "charter.State",
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for a figure of the whole operation, as the Organization reports it."),
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="results"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    qualifier = models.CharField(
        _("precision of the figure"), max_length=12, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    unit = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    note_ru = models.TextField(
        _("note (Russian)"), blank=True, help_text=_("The note in Russian, where a data file gives one.")
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawal_reason = models.TextField(_("why withdrawn"), blank=True)
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.RESTRICTED, db_index=True
    )

    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation", "join-operations"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("result of an operation")
        verbose_name_plural = _("results of operations")
        ordering = ["operation", "phase__start", "state__code", "indicator__key"]

    def __str__(self) -> str:
        state = self.state.code if self.state_id else "*"
        return f"{self.operation.key}/{self.phase.key}/{state}/{self.indicator.key}"
