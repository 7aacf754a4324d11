"""Events, daily series and alerts of the Crisis Response Center.

Events are things that happened somewhere on some day, as aggregate facts: no event names a private
person, and importers drop source fields that may (headlines, article authors).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import Classification, ClassifiedModel, Releasability
from accord.core.fields import EventDatePrecision
from accord.core.validation import validate_count, validate_day, validate_latitude, validate_longitude


class Category(models.TextChoices):
    """What kind of event it is."""

    STATE_BASED = "armed-conflict-state-based", _("armed conflict: state-based")
    NON_STATE = "armed-conflict-non-state", _("armed conflict: non-state")
    ONE_SIDED = "armed-conflict-one-sided", _("armed conflict: one-sided violence")
    TERRORISM = "terrorism", _("terrorism")
    DRUGS = "drug-trafficking", _("drug trafficking")
    MIGRATION = "illegal-migration", _("illegal migration")
    IT_CRIME = "it-crime", _("IT crime")
    NATURAL = "natural-emergency", _("natural emergency")
    MAN_MADE = "man-made-emergency", _("man-made emergency")
    EPIDEMIC = "epidemic", _("epidemic")
    OTHER = "other", _("other")


# An event's date, or a series figure's period: the day, week, month or year (one vocabulary with
# the charter's dates, :class:`accord.core.labels.DatePrecision`; this is the part events use).
DatePrecision = EventDatePrecision


class PlacePrecision(models.TextChoices):
    POINT = "point", _("point")
    ADMIN = "admin", _("administrative region")
    COUNTRY = "country", _("country")


class WrittenJSONField(models.JSONField):
    """JSON that only Accord's own writers produce (orjson, or the columnar importer, which is tested to
    write what orjson reads) and that is kept, not queried: without SQLite's per-row ``JSON_VALID`` check
    (a fifth of a million-event import), and as PostgreSQL's ``json`` (checked, kept as written) rather
    than ``jsonb`` (taken apart into a binary form on every insert).
    """

    def db_check(self, connection: Any) -> None:
        return None

    def db_type(self, connection: Any) -> str | None:
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        """The database driver may hand ``json`` over already read."""
        if value is not None and not isinstance(value, str | bytes):
            return value
        return super().from_db_value(value, expression, connection)


class Event(ClassifiedModel):
    """Something that happened somewhere on some day, with how precisely both are known."""

    source = models.CharField(_("source"), max_length=40)
    source_id = models.CharField(_("id in the source"), max_length=64)
    # Neither the classification nor the import is indexed: a million-event import pays for every index,
    # and events are read by state (a region is its states) and date, the one index besides the ids.
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.RESTRICTED
    )
    import_run = models.ForeignKey(
        "core.Run",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        db_index=False,
        db_constraint=False,  # checked once per row at commit, a third of a bulk import on PostgreSQL
    )
    line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    date = models.DateField(_("date"), validators=[validate_day])
    date_end = models.DateField(_("last date"), null=True, blank=True, validators=[validate_day])
    date_precision = models.CharField(_("date known to the"), max_length=8, choices=DatePrecision.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    place_precision = models.CharField(_("place known to the"), max_length=8, choices=PlacePrecision.choices)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=[validate_latitude])
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=[validate_longitude])
    admin1 = models.CharField(_("region"), max_length=200, blank=True)
    country = models.CharField(_("country (ISO code)"), max_length=3)
    region = models.CharField(_("collective security region"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    fatalities_best = models.PositiveIntegerField(
        _("fatalities (best estimate)"), null=True, blank=True, validators=[validate_count]
    )
    fatalities_low = models.PositiveIntegerField(
        _("fatalities (low)"), null=True, blank=True, validators=[validate_count]
    )
    fatalities_high = models.PositiveIntegerField(
        _("fatalities (high)"), null=True, blank=True, validators=[validate_count]
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    # Where a report recorded by hand comes from (a news agency's item, a state's notification); the
    # Crisis Response Center records none without one. Imported events name their feed in ``source``.
    reference = models.CharField(_("source of the report"), max_length=500, blank=True, db_default="")
    attributes = WrittenJSONField(_("other fields of the source"), default=dict, blank=True)

    # A liaison officer reports events in their own state (a right of full participation); the CRC's
    # duty officers record events anywhere: importing the feeds the Center watches is their work.
    owner_state_field = "country"
    write_rights = frozenset({"full-participation"})
    writer_roles = frozenset({"crc-duty-officer"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "-id"]
        # Byte-wise operator classes on PostgreSQL: ids and country codes are compared for equality only,
        # and the locale's collation makes every comparison of an index insert slower. Ignored on SQLite.
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                name="event_source_id",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            )
        ]
        indexes = [
            models.Index(
                fields=["country", "date"],
                name="event_country_date",
                opclasses=["varchar_pattern_ops", "date_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.country} {self.category}"


class EventCount(models.Model):
    """Events and fatalities per country, category and period, kept up to date on import.

    Events known only to a week, month or year are counted in a row of that precision, never as
    if they happened on one day.
    """

    country = models.CharField(_("country"), max_length=3)
    region = models.CharField(_("collective security region"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    date = models.DateField(_("first day of the period"))
    date_precision = models.CharField(_("period"), max_length=8, choices=DatePrecision.choices)
    events = models.PositiveIntegerField(_("events"))
    fatalities = models.PositiveIntegerField(_("fatalities (best estimates)"))
    public_events = models.PositiveIntegerField(_("public events"), default=0)
    public_fatalities = models.PositiveIntegerField(_("fatalities in public events"), default=0)

    # The counts add up events of every classification: read by Accord itself (the early-warning
    # run), never shown as such; users see counts of the events they may see, through restrict().
    access_system_only = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("event count")
        verbose_name_plural = _("event counts")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "category", "date", "date_precision"], name="event_count_key"
            )
        ]
        indexes = [models.Index(fields=["region", "date"])]

    def __str__(self) -> str:
        return f"{self.country} {self.category} {self.date}: {self.events}"


class Series(ClassifiedModel):
    """A daily indicator for one state (e.g. ``covid.confirmed`` for Kazakhstan).

    A series is labelled with what it was computed from: indicators published by their sources (JHU
    CSSE, the public results of operations) are public, which is the default; a series counted from
    classified inputs (media signals from a closed source) takes their highest classification and
    narrowest releasability.
    """

    key = models.CharField(_("series"), max_length=64)
    country = models.CharField(_("country (ISO code)"), max_length=3)
    region = models.CharField(_("collective security region"), max_length=64, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source_keys = models.JSONField(_("sources"), default=list, blank=True)
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.PUBLIC
    )
    releasability = models.CharField(
        _("releasable to"), max_length=24, choices=Releasability.choices, default=Releasability.EVERYONE
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("daily series")
        verbose_name_plural = _("daily series")
        constraints = [models.UniqueConstraint(fields=["key", "country"], name="series_key_country")]

    def __str__(self) -> str:
        return f"{self.key} {self.country}"


class SeriesPoint(models.Model):
    """One day of a series: the cumulative figure as published and the daily count derived from it.

    A negative daily count is a downward revision of the cumulative figure: it is kept and flagged,
    never clipped, and never raises an alert.
    """

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="points"
    )
    date = models.DateField(_("date"))
    cumulative = models.FloatField(_("cumulative"), null=True, blank=True)
    value = models.FloatField(_("daily count"))
    revision = models.BooleanField(_("downward revision"), default=False)

    access_through = "series"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("day of a series")
        verbose_name_plural = _("days of series")
        ordering = ["series", "date"]
        constraints = [models.UniqueConstraint(fields=["series", "date"], name="series_point_day")]

    def __str__(self) -> str:
        return f"{self.series} {self.date}: {self.value}"


class Alert(ClassifiedModel):
    """An early-warning alert: why it fired (method, observed, expected, threshold) and its handling."""

    class Level(models.TextChoices):
        GREEN = "green", _("green")
        AMBER = "amber", _("amber")
        RED = "red", _("red")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CLOSED = "closed", _("closed")

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="alerts"
    )
    date = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    method = models.CharField(_("method"), max_length=24)
    observed = models.FloatField(_("observed"))
    expected = models.FloatField(_("expected"))
    threshold = models.FloatField(_("threshold"))
    statistic = models.FloatField(_("statistic"))
    # The method's own bar for its statistic (C2: 3 standard deviations, CUSUM: h, Poisson: alpha).
    statistic_threshold = models.FloatField(_("the method's threshold for its statistic"), default=0.0)
    episode = models.ForeignKey(
        "crisis.Episode",
        verbose_name=_("alert episode"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=150, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=150, blank=True)

    # CRC duty officers acknowledge, comment on and close the alerts they see.
    writer_roles = frozenset({"crc-duty-officer"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "date", "method"], name="alert_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.series} {self.date}"


class AlertComment(models.Model):
    """A duty officer's comment on an alert."""

    alert = models.ForeignKey(
        Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.CharField(_("author"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)
    text = models.TextField(_("comment"))

    access_through = "alert"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("comment on an alert")
        verbose_name_plural = _("comments on alerts")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
