"""Joint trainings: the yearly plan, each training's life, who takes part, and its lessons.

A training's present state is kept on :class:`Training`; its life is the append-only list of
:class:`TrainingChange` records, each holding a full snapshot of the plan fields as they stood
after the change. "The plan as it stood on date D" is then the last snapshot recorded (by the date
the change took effect) on or before D, with no replay logic to drift from the services: what a
change wrote is exactly what it says the plan was. Snapshots are small (dates, host, status).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.charter.models import source_keys_field
from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import BilingualNameMixin, DatePrecision, in_active_language
from accord.core.validation import validate_day
from accord.decisions.models import date_text

# Who plans and changes trainings for every state: the Joint Staff's officers (who plan the
# collective forces' training) and the Secretariat's.
PLANNERS = frozenset({"secretariat-officer", "joint-staff-officer"})


class TrainingStatus(models.TextChoices):
    """Where a training stands (a relocated training stays planned, at its new host)."""

    PLANNED = "planned", _("planned")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")


class ChangeKind(models.TextChoices):
    """What one entry of a training's life records."""

    PLANNED = "planned", _("planned")
    POSTPONED = "postponed", _("postponed")
    RELOCATED = "relocated", _("relocated")
    CANCELLED = "cancelled", _("cancelled")
    HELD = "held", _("held")
    EDITED = "edited", _("edited")
    AT_RISK = "at-risk", _("postponement possible")  # said, not decided: the status does not change


class TrainingSeries(BilingualNameMixin):
    """A named series of joint trainings held year after year (Interaction, Rubezh, …)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("within"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    formation = models.ForeignKey(
        "forces.Formation",
        verbose_name=_("formation it trains"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_series",
    )
    umbrella = models.BooleanField(_("umbrella training"), default=False)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the series are named in the Organization's public statements
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("training series")
        verbose_name_plural = _("training series")
        ordering = ["key"]

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class Training(ClassifiedModel, BilingualNameMixin):
    """One joint training of a year: the plan, where it stands, and what was held."""

    series = models.ForeignKey(
        TrainingSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="trainings"
    )
    key = models.SlugField(_("key"), max_length=80, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    within = models.ForeignKey(
        "self",
        verbose_name=_("within"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    formations = models.ManyToManyField(
        "forces.Formation", verbose_name=_("formations"), blank=True, related_name="trainings"
    )
    host = models.ForeignKey(
        "charter.State",
        verbose_name=_("host state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_trainings",
    )
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True, validators=[validate_day])
    planned_end = models.DateField(_("planned end"), null=True, blank=True, validators=[validate_day])
    planned_precision = models.CharField(
        _("precision of the planned dates"),
        max_length=8,
        choices=[(p, p) for p in ("day", "month", "year")],
        default=DatePrecision.DAY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED
    )
    relocated = models.BooleanField(_("relocated"), default=False)
    held_start = models.DateField(_("held from"), null=True, blank=True, validators=[validate_day])
    held_end = models.DateField(_("held to"), null=True, blank=True, validators=[validate_day])
    held_precision = models.CharField(
        _("precision of the dates held"),
        max_length=8,
        choices=[(p, p) for p in ("day", "month", "year")],
        default=DatePrecision.DAY,
    )
    personnel = models.PositiveIntegerField(_("personnel"), null=True, blank=True)
    personnel_about = models.BooleanField(_("personnel figure is approximate"), default=False)
    equipment = models.PositiveIntegerField(_("equipment (units)"), null=True, blank=True)
    figures_note_en = models.TextField(_("note on the figures (English)"), blank=True)
    figures_note_ru = models.TextField(_("note on the figures (Russian)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    lessons = models.ForeignKey(
        "decisions.Document",
        verbose_name=_("lessons learned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons_of",
        help_text=_("The list of follow-up measures drawn from the training."),
    )
    source_keys = source_keys_field()

    writer_roles = PLANNERS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("joint training")
        verbose_name_plural = _("joint trainings")
        ordering = ["year", "planned_start", "name_en"]

    @property
    def place(self) -> str:
        return in_active_language(self.place_en, self.place_ru)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)

    @property
    def figures_note(self) -> str:
        return in_active_language(self.figures_note_en, self.figures_note_ru)

    @property
    def planned_shown(self) -> str:
        """The planned dates as precisely as they are known (a month is often all that is)."""
        return dates_shown(self.planned_start, self.planned_end, self.planned_precision)

    @property
    def held_shown(self) -> str:
        return dates_shown(self.held_start, self.held_end, self.held_precision)

    @property
    def span(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The days the training takes (held dates once held), for the charter's capacity check."""
        if self.held_start:
            return self.held_start, self.held_end or self.held_start
        return self.planned_start, self.planned_end or self.planned_start


def dates_shown(start: datetime.date | None, end: datetime.date | None, precision: str) -> str:
    """``5 – 9 October 2020``-like text, at the precision known; empty when nothing is known."""
    if start is None:
        return ""
    first = date_text(start, precision)
    last = date_text(end, precision) if end else ""
    return first if not last or last == first else f"{first} – {last}"


class TrainingYear(models.Model):
    """What the sources say of a year's trainings as a whole (how many were planned, how many people
    took part in all of them), recorded as a year's figure and never split among the trainings."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    planned_count = models.PositiveSmallIntegerField(_("trainings planned"), null=True, blank=True)
    personnel = models.PositiveIntegerField(_("personnel, all trainings"), null=True, blank=True)
    personnel_about = models.BooleanField(_("personnel figure is approximate"), default=False)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # figures the Organization's leaders gave in public interviews
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("training year")
        verbose_name_plural = _("training years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class TrainingPhase(models.Model):
    """A phase of a training (preparation, the active phase, …) with its dates."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="phases")
    name_en = models.CharField(_("phase (English)"), max_length=200)
    name_ru = models.CharField(_("phase (Russian)"), max_length=200, blank=True)
    start = models.DateField(_("from"), null=True, blank=True, validators=[validate_day])
    end = models.DateField(_("to"), null=True, blank=True, validators=[validate_day])

    access_through = "training"
    writer_roles = PLANNERS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("training phase")
        verbose_name_plural = _("training phases")
        ordering = ["training", "start", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self.name_en, self.name_ru)


class TrainingChange(models.Model):
    """One entry of a training's life: what changed, from what to what, why, on whose decision.

    Append-only: services add entries and never edit one. ``plan`` is the snapshot of the plan fields
    after the change, which answers "the plan as it stood on" any date.
    """

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind.choices)
    effective = models.DateField(_("decided on"), validators=[validate_day])
    effective_precision = models.CharField(
        _("precision"), max_length=8, choices=[(p, p) for p in ("day", "month", "year")], default="day"
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    plan = models.JSONField(_("plan after"), default=dict, blank=True)
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_ru = models.TextField(_("reason (Russian)"), blank=True)
    decision = models.ForeignKey(
        "decisions.Document",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_changes",
    )
    source_keys = source_keys_field()
    file_key = models.CharField(_("key in the data file"), max_length=80, blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    access_through = "training"
    writer_roles = PLANNERS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("change of a training")
        verbose_name_plural = _("changes of trainings")
        ordering = ["training", "effective", "id"]

    def __str__(self) -> str:
        return f"{self.training_id} {self.kind} {self.effective}"

    @property
    def reason(self) -> str:
        return in_active_language(self.reason_en, self.reason_ru)

    @property
    def effective_shown(self) -> str:
        return date_text(self.effective, self.effective_precision)


class ParticipantCapacity(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    OBSERVER = "observer", _("observer")


class TrainingParticipant(models.Model):
    """A state taking part in a training, in the capacity the charter gave it over the dates."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participants")
    state = models.ForeignKey("charter.State", on_delete=models.PROTECT, related_name="trainings_joined")
    capacity = models.CharField(_("capacity"), max_length=12, choices=ParticipantCapacity.choices)
    personnel = models.PositiveIntegerField(_("personnel"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_ru = models.TextField(_("note (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_through = "training"
    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation", "join-trainings", "attend-meetings"})
    writer_roles = PLANNERS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["training", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["training", "state"], name="training_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.state_id} {self.capacity}"

    @property
    def note(self) -> str:
        return in_active_language(self.note_en, self.note_ru)


class TrainingFinding(models.Model):
    """A lesson learned from a training: what was found (no names of people)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("number"))
    text_en = models.TextField(_("finding (English)"))
    text_ru = models.TextField(_("finding (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_through = "training"
    writer_roles = PLANNERS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["training", "number"]
        constraints = [models.UniqueConstraint(fields=["training", "number"], name="finding_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text_en[:60]}"

    @property
    def text(self) -> str:
        return in_active_language(self.text_en, self.text_ru)
