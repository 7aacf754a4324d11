"""The organization as data: states, statuses over time, bodies, posts, chairs, instruments.

Intervals are ``[valid_from, valid_to)``; an empty end means "still so". Each fact lists the keys
of the :class:`~accord.core.models.Source` records it comes from in ``source_keys``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core import labels
from accord.core.access import RestrictedManager
from accord.core.classification import Classification
from accord.core.fields import BilingualNameMixin, DatePrecision, django_choices
from accord.core.validation import validate_day, validate_historical_day, validate_year


def source_keys_field() -> models.JSONField:
    """The list of source keys a fact cites."""
    return models.JSONField(_("sources"), default=list, blank=True)


# The statuses a state can hold in the organization (the values: :class:`accord.core.labels.StateStatus`).
Status = django_choices(
    labels.StateStatus,
    {
        labels.StateStatus.MEMBER: _("member"),
        labels.StateStatus.SUSPENDED: _("participation suspended"),
        labels.StateStatus.FROZEN: _("participation frozen by the state"),
        labels.StateStatus.OBSERVER: _("observer"),
        labels.StateStatus.PARTNER: _("partner"),
        labels.StateStatus.FORMER: _("former member"),
    },
)


class Organization(BilingualNameMixin):
    """The organization this charter describes (one per installation)."""

    key = models.SlugField(_("key"), max_length=32, unique=True)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=32)
    abbreviation_ru = models.CharField(_("abbreviation (Russian)"), max_length=32, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    treaty_signed_on = models.DateField(_("treaty signed on"), null=True, blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    objectives_ru = models.TextField(_("objectives (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")


class State(BilingualNameMixin):
    """A state of the world (ISO 3166-1), whether or not it holds a status in the organization."""

    code = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    alpha2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, blank=True)
    numeric = models.CharField(_("ISO 3166 numeric code"), max_length=3, blank=True)
    gwno = models.PositiveIntegerField(_("Gleditsch-Ward number"), null=True, blank=True)
    un_member_since = models.DateField(_("UN member since"), null=True, blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("state")
        verbose_name_plural = _("states")
        ordering = ["name_en"]


class Region(BilingualNameMixin):
    """A collective security region and the states in it."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    states = models.ManyToManyField(State, verbose_name=_("states"), related_name="regions")
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("collective security region")
        verbose_name_plural = _("collective security regions")
        ordering = ["key"]


class AreaOfInterest(BilingualNameMixin):
    """A place the Organization watches beyond its regions (Afghanistan, the Tajik-Afghan border):
    the states it covers and, for a border strip, the box around it (degrees, WGS 84)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    states = models.ManyToManyField(State, verbose_name=_("states"), related_name="areas_of_interest")
    south = models.FloatField(_("southern edge (latitude)"), null=True, blank=True)
    west = models.FloatField(_("western edge (longitude)"), null=True, blank=True)
    north = models.FloatField(_("northern edge (latitude)"), null=True, blank=True)
    east = models.FloatField(_("eastern edge (longitude)"), null=True, blank=True)
    note_en = models.TextField(_("why (English)"), blank=True)
    note_ru = models.TextField(_("why (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("area of interest")
        verbose_name_plural = _("areas of interest")
        ordering = ["key"]

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """(south, west, north, east), or None when the area is its states alone."""
        edges = (self.south, self.west, self.north, self.east)
        return None if any(edge is None for edge in edges) else edges  # type: ignore[return-value]


class StatusKind(BilingualNameMixin):
    """What a status lets a state do, as the charter file says (read by the rules and the access
    policy: see :mod:`accord.charter.rules.status_kinds`)."""

    key = models.CharField(_("status"), max_length=16, choices=Status.choices, unique=True)
    powers = models.JSONField(_("powers"), default=list, blank=True)
    member_state = models.BooleanField(_("party to the Treaty"), default=False)
    sees_up_to = models.PositiveSmallIntegerField(
        _("highest classification its users see"), choices=Classification.choices, default=0
    )
    sees_releases = models.JSONField(_("releasabilities its users see"), default=list, blank=True)
    keeps_named_releases = models.BooleanField(_("keeps records released to it by name"), default=True)
    note = models.TextField(_("why"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("kind of status")
        verbose_name_plural = _("kinds of status")
        ordering = ["key"]


class StateStatus(models.Model):
    """A state's status in the organization over an interval."""

    state = models.ForeignKey(
        State, verbose_name=_("state"), on_delete=models.CASCADE, related_name="statuses"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    valid_from = models.DateField(
        _("from"), null=True, blank=True, help_text=_("empty: since a date not recorded")
    )
    valid_from_precision = models.CharField(
        _("precision of start"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    valid_to = models.DateField(_("until"), null=True, blank=True)
    valid_to_precision = models.CharField(
        _("precision of end"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.TextField(_("note"), blank=True)
    source_keys = source_keys_field()
    decision_key = models.CharField(
        _("decision"),
        max_length=64,
        blank=True,
        help_text=_("the source key of the decision that granted it"),
    )
    override_reason = models.TextField(
        _("override"), blank=True, help_text=_("why it was recorded although the charter's rules refused it")
    )

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("status of a state")
        verbose_name_plural = _("statuses of states")
        ordering = ["state__code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.state.code} {self.status} {self.valid_from or '…'}–{self.valid_to or ''}"


class Body(BilingualNameMixin):
    """A body of the organization: who sits on it and how it decides."""

    class Level(models.TextChoices):
        STATUTORY = "statutory", _("statutory body")
        WORKING = "working", _("working body")
        SUBSIDIARY = "subsidiary", _("subsidiary body")

    class DecisionRule(models.TextChoices):
        CONSENSUS = "consensus", _("consensus of the members")
        MAJORITY = "majority", _("simple majority")
        QUALIFIED_MAJORITY = "qualified-majority", _("qualified majority")
        NONE = "none", _("does not decide")

    key = models.SlugField(_("key"), max_length=64, unique=True)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=32, blank=True)
    abbreviation_ru = models.CharField(_("abbreviation (Russian)"), max_length=32, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    composition_en = models.TextField(_("composition (English)"), blank=True)
    composition_ru = models.TextField(_("composition (Russian)"), blank=True)
    decision_rule = models.CharField(_("decision rule"), max_length=24, choices=DecisionRule.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["level", "key"]


class RotationRule(models.Model):
    """How a chairmanship or a post passes between member states."""

    class OrderKind(models.TextChoices):
        ALPHABETICAL = "alphabetical", _("alphabetical order of names")
        EXPLICIT = "explicit", _("explicit order")

    class WhenSuspended(models.TextChoices):
        SKIP = "skip", _("the turn passes to the next member")
        KEEP = "keep", _("the state keeps its turn")

    key = models.SlugField(_("key"), max_length=64, unique=True)
    order_kind = models.CharField(_("order"), max_length=16, choices=OrderKind.choices)
    order_language = models.CharField(_("language of the order"), max_length=2, blank=True)
    explicit_order = models.JSONField(_("explicit order"), default=list, blank=True)
    term_years = models.PositiveSmallIntegerField(_("term in years"))
    term_starts = models.CharField(_("term starts"), max_length=5, default="01-01")
    when_suspended = models.CharField(
        _("when participation is suspended"), max_length=8, choices=WhenSuspended.choices
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("rotation rule")
        verbose_name_plural = _("rotation rules")

    def __str__(self) -> str:
        return self.key


class Post(BilingualNameMixin):
    """A post of the organization (the Secretary General, a deputy …)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    body = models.ForeignKey(Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.SET_NULL)
    appointed_by = models.ForeignKey(
        Body,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rotation = models.ForeignKey(
        RotationRule, verbose_name=_("rotation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["key"]


class Appointment(models.Model):
    """A person holding a post over an interval, in an official capacity (acting ones too)."""

    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="appointments"
    )
    person_en = models.CharField(_("person (English)"), max_length=200)
    person_ru = models.CharField(_("person (Russian)"), max_length=200, blank=True)
    state = models.ForeignKey(State, verbose_name=_("state"), on_delete=models.PROTECT)
    valid_from = models.DateField(_("from"), validators=[validate_day])
    valid_to = models.DateField(_("until"), null=True, blank=True, validators=[validate_day])
    acting = models.BooleanField(_("acting"), default=False)
    note = models.TextField(_("note"), blank=True)
    override_reason = models.TextField(
        _("override"), blank=True, help_text=_("why it was recorded although the charter's rules refused it")
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["post__key", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "person_en", "valid_from"], name="appointment_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post.key}: {self.person_en} ({self.valid_from}–{self.valid_to or ''})"


class Chairmanship(models.Model):
    """The member state chairing the organization in a calendar year (as recorded)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[validate_year])
    state = models.ForeignKey(State, verbose_name=_("state"), on_delete=models.PROTECT)
    note = models.TextField(_("note"), blank=True)
    override_reason = models.TextField(
        _("override"), blank=True, help_text=_("why it was recorded although the charter's rules refused it")
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.state.code}"


class AdmissionCriterion(models.Model):
    """A condition a state must meet to be granted a status."""

    class Kind(models.TextChoices):
        UN_MEMBER = "un-member", _("member of the United Nations")
        RELATIONS_WITH_ALL_MEMBERS = "relations-with-all-members", _("diplomatic relations with every member")
        NO_INTERSTATE_CONFLICT = "no-interstate-conflict", _("not in armed conflict with other states")
        INSTRUMENT_IN_FORCE = "instrument-in-force", _("instrument in force")
        RECORDED_FACT = "recorded-fact", _("recorded fact about the state")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    key = models.SlugField(_("key"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("admission criterion")
        verbose_name_plural = _("admission criteria")
        ordering = ["status", "id"]
        constraints = [models.UniqueConstraint(fields=["status", "key"], name="criterion_unique_key")]

    def __str__(self) -> str:
        return f"{self.status}: {self.key}"


class StatusRight(models.Model):
    """A right that a status gives."""

    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    key = models.SlugField(_("key"), max_length=64)
    description_en = models.TextField(_("description (English)"))
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("right of a status")
        verbose_name_plural = _("rights of statuses")
        ordering = ["status", "id"]
        constraints = [models.UniqueConstraint(fields=["status", "key"], name="right_unique_key")]

    def __str__(self) -> str:
        return f"{self.status}: {self.key}"


class Instrument(models.Model):
    """A treaty, agreement, protocol or decision, and how it enters into force."""

    class Kind(models.TextChoices):
        TREATY = "treaty", _("treaty")
        CHARTER = "charter", _("charter")
        AGREEMENT = "agreement", _("agreement")
        PROTOCOL = "protocol", _("protocol")
        DECISION = "decision", _("decision")

    class EntryIntoForce(models.TextChoices):
        ALL_MEMBERS_RATIFY = "all-members-ratify", _("when every member state has ratified")
        ON_DATE = "on-date", _("on a recorded date")

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_precision = models.CharField(
        _("precision"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    adopted_by = models.ForeignKey(
        Body, verbose_name=_("adopted by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    place_en = models.CharField(_("place (English)"), max_length=100, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=100, blank=True)
    entry_into_force = models.CharField(_("entry into force"), max_length=24, choices=EntryIntoForce.choices)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    establishes_statuses = models.JSONField(_("establishes statuses"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["adopted_on", "key"]

    def __str__(self) -> str:
        return self.title_en


class InstrumentParticipant(models.Model):
    """A state's signature and ratification of an instrument (dates of known precision)."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="participants"
    )
    state = models.ForeignKey(State, verbose_name=_("state"), on_delete=models.PROTECT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=[validate_day])
    signed_precision = models.CharField(
        _("precision of signature"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ratified_on = models.DateField(_("ratified on"), null=True, blank=True, validators=[validate_day])
    ratified_precision = models.CharField(
        _("precision of ratification"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ratified_not_before = models.DateField(
        _("ratified not before"),
        null=True,
        blank=True,
        validators=[validate_day],
        help_text=_("earliest possible date, when only a range is known"),
    )
    note = models.TextField(_("note"), blank=True)
    signed_by = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("the office of the signatory, e.g. head of state"),
    )
    signed_place = models.CharField(_("signed at"), max_length=200, blank=True)
    override_reason = models.TextField(
        _("override"), blank=True, help_text=_("why it was recorded although the charter's rules refused it")
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    owner_state_field = "state__code"
    # Members take part in everything; partners accede to the Organization's treaties.
    write_rights = frozenset({"full-participation", "accede-to-treaties"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("participant in an instrument")
        verbose_name_plural = _("participants in instruments")
        ordering = ["instrument__key", "state__code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "state"], name="participant_unique_state")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key}: {self.state.code}"


class DiplomaticRelation(models.Model):
    """Diplomatic relations between two states, as recorded with a source (never guessed)."""

    state_a = models.ForeignKey(State, verbose_name=_("state"), on_delete=models.CASCADE, related_name="+")
    state_b = models.ForeignKey(
        State, verbose_name=_("other state"), on_delete=models.CASCADE, related_name="+"
    )
    established_on = models.DateField(
        _("established on"), null=True, blank=True, validators=[validate_historical_day]
    )
    broken_off_on = models.DateField(
        _("broken off on"), null=True, blank=True, validators=[validate_historical_day]
    )
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("diplomatic relation")
        verbose_name_plural = _("diplomatic relations")
        constraints = [models.UniqueConstraint(fields=["state_a", "state_b"], name="relation_unique_pair")]

    def __str__(self) -> str:
        return f"{self.state_a.code}–{self.state_b.code}"


class StateFact(models.Model):
    """A recorded yes/no fact about a state on a date (e.g. it accepts the Charter's obligations)."""

    state = models.ForeignKey(State, verbose_name=_("state"), on_delete=models.CASCADE, related_name="facts")
    key = models.SlugField(_("key"), max_length=64)
    value = models.BooleanField(_("value"))
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_keys = source_keys_field()

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("fact about a state")
        verbose_name_plural = _("facts about states")
        constraints = [models.UniqueConstraint(fields=["state", "key"], name="fact_unique_key")]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.key}={self.value}"


class ConflictYear(models.Model):
    """One conflict in one year from the UCDP/PRIO Armed Conflict Dataset (reference data)."""

    class ConflictType(models.IntegerChoices):
        EXTRASYSTEMIC = 1, _("extrasystemic")
        INTERSTATE = 2, _("interstate")
        INTRASTATE = 3, _("intrastate")
        INTERNATIONALIZED = 4, _("internationalized intrastate")

    conflict_id = models.PositiveIntegerField(_("conflict id"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    location = models.CharField(_("location"), max_length=300)
    side_a = models.CharField(_("side A"), max_length=500)
    side_b = models.CharField(_("side B"), max_length=500)
    type_of_conflict = models.PositiveSmallIntegerField(_("type of conflict"), choices=ConflictType.choices)
    intensity_level = models.PositiveSmallIntegerField(_("intensity level"))
    gwno_a = models.JSONField(_("side A states (GW numbers)"), default=list)
    gwno_b = models.JSONField(_("side B states (GW numbers)"), default=list)
    gwno_a_2nd = models.JSONField(_("side A secondary states"), default=list)
    gwno_b_2nd = models.JSONField(_("side B secondary states"), default=list)

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("armed conflict in a year")
        verbose_name_plural = _("armed conflicts by year")
        ordering = ["year", "conflict_id"]
        constraints = [models.UniqueConstraint(fields=["conflict_id", "year"], name="conflict_year_unique")]

    def __str__(self) -> str:
        return f"{self.conflict_id}/{self.year}: {self.side_a} – {self.side_b}"


# Defined in its own module to keep this one short; imported here so Django finds it as charter's.
from accord.charter.assistance import AssistanceBasis  # noqa: E402, F401
