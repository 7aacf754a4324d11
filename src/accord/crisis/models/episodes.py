"""Alert episodes: consecutive alert days on one series, handled as one thing by the CRC.

An early-warning run stores an :class:`~accord.crisis.models.events.Alert` per alert day; a duty
officer handles the :class:`Episode` those days make up (acknowledges it, comments, closes it), so
that a rise lasting three weeks is one line of the dashboard, not twenty-one. Episodes are kept in
step with the verdicts by :mod:`accord.crisis.episodes`, the only writer.

An episode is labelled like the alerts it groups (its series' labels, never below the CRC's handling
floor); its comments are seen through it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel


class Episode(ClassifiedModel):
    """Consecutive alert days of one method on one series: opened, maybe escalated, and closed."""

    class Level(models.TextChoices):
        AMBER = "amber", _("Amber")
        RED = "red", _("Red")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CLOSED = "closed", _("closed")

    series = models.ForeignKey(
        "crisis.Series", verbose_name=_("series"), on_delete=models.CASCADE, related_name="episodes"
    )
    method = models.CharField(_("method"), max_length=24)
    opened_on = models.DateField(_("opened on"))
    last_alert_on = models.DateField(_("last alert on"))
    closed_on = models.DateField(
        _("back within the expected range on"),
        null=True,
        blank=True,
        help_text=_("The day the series had been quiet long enough to close the episode."),
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=150, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=150, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.TextField(_("why it was closed"), blank=True)
    # Set when the early-warning run closed it: the quiet days it waited (shown in the reader's language).
    quiet_days = models.PositiveSmallIntegerField(_("closed after quiet days"), null=True, blank=True)

    # CRC duty officers acknowledge, comment on and close the episodes they see (as alerts).
    writer_roles = frozenset({"crc-duty-officer"})
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("alert episode")
        verbose_name_plural = _("alert episodes")
        ordering = ["-last_alert_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "method", "opened_on"], name="episode_once_per_opening")
        ]
        indexes = [models.Index(fields=["status", "last_alert_on"], name="episode_status_last")]

    def __str__(self) -> str:
        return f"{self.level} {self.series} {self.opened_on}"

    @property
    def closed_automatically(self) -> bool:
        return self.quiet_days is not None


class EpisodeComment(models.Model):
    """A duty officer's note on an episode: a comment, or what they wrote acknowledging or closing it."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement")
        CLOSING = "closing", _("closing")

    episode = models.ForeignKey(
        Episode, verbose_name=_("alert episode"), on_delete=models.CASCADE, related_name="comments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMMENT)
    author = models.CharField(_("author"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)
    text = models.TextField(_("comment"))

    access_through = "episode"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("comment on an alert episode")
        verbose_name_plural = _("comments on alert episodes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
