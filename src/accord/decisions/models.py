"""Documents of the Organization's bodies, each with a classification and a releasability."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.core.fields import DatePrecision, in_active_language
from accord.core.validation import validate_count, validate_day, validate_year


class StatementLevel(models.TextChoices):
    """At what level a statement is made."""

    HEADS_OF_STATE = "heads-of-state", _("heads of state (Collective Security Council)")
    FOREIGN_MINISTERS = "foreign-ministers", _("foreign ministers")
    UN = "un", _("representatives to the UN")
    OSCE = "osce", _("representatives to the OSCE")


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

    key = models.SlugField(_("key"), max_length=100, unique=True, null=True, blank=True)
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
    date = models.DateField(_("date"), db_index=True, validators=[validate_day])
    date_precision = models.CharField(
        _("precision of the date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(
        _("file"),
        upload_to="documents/%Y/",
        blank=True,
        help_text=_("The signed text, as PDF or another file."),
    )
    instrument = models.ForeignKey(
        "charter.Instrument", verbose_name=_("instrument"), null=True, blank=True, on_delete=models.SET_NULL
    )
    session = models.ForeignKey(
        "decisions.Session",
        verbose_name=_("adopted or signed at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    statement_level = models.CharField(
        _("level of the statement"), max_length=24, choices=StatementLevel.choices, blank=True
    )
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation"})
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
        return in_active_language(self.title_en, self.title_ru)

    @property
    def date_shown(self) -> str:
        """The date as precisely as it is known."""
        return date_text(self.date, self.date_precision)


class Session(ClassifiedModel):
    """A session of a body: where and how it met, who chaired, who took part, what it considered."""

    class Format(models.TextChoices):
        IN_PERSON = "in-person", _("in person")
        VIDEO = "video-conference", _("secure video conference")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        OUT_OF_SCHEDULE = "out-of-schedule", _("out-of-schedule")

    key = models.SlugField(_("key"), max_length=100, unique=True, null=True, blank=True)
    body = models.ForeignKey(
        "charter.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="sessions"
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    date = models.DateField(_("date"), db_index=True, validators=[validate_day])
    date_precision = models.CharField(
        _("precision of the date"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_ru = models.CharField(_("place (Russian)"), max_length=200, blank=True)
    chair_state = models.ForeignKey(
        "charter.State",
        verbose_name=_("chairing state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_person_en = models.CharField(_("chaired by (English)"), max_length=200, blank=True)
    chair_person_ru = models.CharField(_("chaired by (Russian)"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    # The CRC's and the Joint Staff's officers hold consultations: sessions of the working bodies
    # (which decide nothing); the sessions of the councils stay the Secretariat's to record.
    scoped_writer_roles = {
        role: {"body__decision_rule": "none"}
        for role in ("crc-duty-officer", "crc-head", "joint-staff-officer")
    }
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.body.name}, {self.date:%Y-%m-%d}"

    @property
    def title(self) -> str:
        """The title in the active language, or the body and date."""
        return in_active_language(self.title_en, self.title_ru) or str(self)

    @property
    def date_shown(self) -> str:
        """The date as precisely as it is known."""
        return date_text(self.date, self.date_precision)

    @property
    def place(self) -> str:
        """The place in the active language."""
        return in_active_language(self.place_en, self.place_ru)


class Participant(models.Model):
    """A state taking part in a session, in the capacity its status gives it on the day."""

    class Capacity(models.TextChoices):
        MEMBER = "member", _("member delegation")
        PARTNER = "partner", _("partner, in an advisory capacity")
        OBSERVER = "observer", _("observer, attending")
        SUSPENDED = "suspended", _("member whose participation is suspended")
        FROZEN = "frozen", _("member that has frozen its participation")
        FORMER = "former", _("former member")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("state"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.CharField(_("capacity"), max_length=16, choices=Capacity.choices)
    head_of_delegation = models.CharField(_("head of delegation"), max_length=200, blank=True)

    access_through = "session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["state__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["session", "state"], name="participant_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.state.code} ({self.capacity})"


class AgendaItem(models.Model):
    """An issue a session considered, and what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("not yet decided")
        ADOPTED = "adopted", _("adopted")
        NOT_ADOPTED = "not-adopted", _("not adopted")
        NOTED = "noted", _("taken note of")
        POSTPONED = "postponed", _("postponed")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reasons = models.JSONField(_("why"), default=list, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    decision = models.ForeignKey(
        Document,
        verbose_name=_("decision document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_through = "session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "number"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="agenda_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title_en}"

    @property
    def title(self) -> str:
        """The title in the active language."""
        return in_active_language(self.title_en, self.title_ru)


class Position(models.Model):
    """A participant's position on an agenda item (objections and reservations are kept)."""

    class Kind(models.TextChoices):
        AGREE = "agree", _("agrees")
        OBJECT = "object", _("objects")
        RESERVATION = "reservation", _("agrees with a reservation")
        ABSTAIN = "abstain", _("abstains")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="positions"
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("state"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=16, choices=Kind.choices)
    remark = models.TextField(_("objection or reservation"), blank=True)

    access_through = "item__session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["item", "state"], name="position_once_per_state")]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.position}"


class Minutes(models.Model):
    """The minutes of a session: drafted, amended by participants, approved; restricted like the session."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AMENDED = "amended", _("amended")
        APPROVED = "approved", _("approved")

    session = models.OneToOneField(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="minutes"
    )
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, validators=[validate_day])
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    access_through = "session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{_('Minutes')}: {self.session}"


class Amendment(models.Model):
    """An amendment a participating state proposes to draft minutes."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="amendments"
    )
    state = models.ForeignKey(
        "charter.State", verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("amendment"))
    replaces = models.TextField(
        _("passage replaced"),
        blank=True,
        help_text=_(
            "The passage of the minutes the amendment rewords; empty: the amendment is added at the end."
        ),
    )
    proposed_on = models.DateField(_("proposed on"), validators=[validate_day])
    accepted = models.BooleanField(_("accepted"), default=False)
    rejected = models.BooleanField(_("rejected"), default=False)

    access_through = "minutes__session"
    owner_state_field = "state__code"
    # Partners speak, in an advisory capacity, at the meetings they attend: they amend those minutes.
    write_rights = frozenset({"full-participation", "speak-advisory"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["proposed_on", "id"]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.text[:40]}"


class MinutesVersion(models.Model):
    """One version of the minutes' text: the draft, then one for each accepted amendment.

    Versions are only ever added, so the text as it stood before every amendment is kept.
    """

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    amendment = models.ForeignKey(
        Amendment,
        verbose_name=_("amendment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    proposed_by = models.ForeignKey(
        "charter.State",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_on = models.DateField(_("recorded on"), validators=[validate_day])

    access_through = "minutes__session"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_number")]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


class Measure(models.Model):
    """A measure of a program or list of measures: who is responsible, by when, and how it stands."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        UNDER_WAY = "under-way", _("under way")
        DONE = "done", _("done")
        OVERDUE = "overdue", _("overdue")
        DROPPED = "dropped", _("dropped")

    program = models.ForeignKey(
        Document, verbose_name=_("program"), on_delete=models.CASCADE, related_name="measures"
    )
    number = models.CharField(_("number"), max_length=16)
    text_en = models.TextField(_("measure (English)"))
    text_ru = models.TextField(_("measure (Russian)"), blank=True)
    responsible_states = models.ManyToManyField(
        "charter.State", verbose_name=_("responsible states"), blank=True, related_name="+"
    )
    responsible_bodies = models.ManyToManyField(
        "charter.Body", verbose_name=_("responsible bodies"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=[validate_day])
    deadline = models.DateField(_("deadline"), null=True, blank=True, validators=[validate_day])
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[validate_day])
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True, validators=[validate_day])
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_through = "program"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="measure_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text_en[:60]}"

    @property
    def text(self) -> str:
        """The measure in the active language."""
        return in_active_language(self.text_en, self.text_ru)


class ProgressReport(models.Model):
    """A dated report on how a measure is going, from a state or a body."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="reports"
    )
    date = models.DateField(_("date"), validators=[validate_day])
    state = models.ForeignKey(
        "charter.State",
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("report"))
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_through = "measure__program"
    owner_state_field = "state__code"
    write_rights = frozenset({"full-participation"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["measure", "date"]

    def __str__(self) -> str:
        return f"{self.measure.number} {self.date}"


class StatementTally(models.Model):
    """A reported yearly number of statements, when the statements themselves are not recorded one by one."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[validate_year])
    count = models.PositiveIntegerField(_("number of statements"), validators=[validate_count])
    levels = models.JSONField(_("levels"), default=list)
    source_keys = models.JSONField(_("sources"), default=list)

    access_public = True  # counts of public statements
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("reported number of statements")
        verbose_name_plural = _("reported numbers of statements")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.count}"


def date_text(day, precision: str) -> str:
    """A date as precisely as it is known: 2019-11-28, 2019-11, 2019 or ≤ 2019-06-28."""
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{day:%Y-%m}"
    if precision == DatePrecision.BY:
        return f"≤ {day:%Y-%m-%d}"
    return f"{day:%Y-%m-%d}"
