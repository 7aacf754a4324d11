"""Where media items come from: feeds, watched folders, uploads and machine clients."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.monitoring.models.common import MONITORS, Language


class Source(ClassifiedModel):
    """A source of media items, its language, how far it is trusted, and how its items are labelled.

    Every item a source delivers takes the source's classification and releasability: a feed from a
    member state's closed network stays as closed as the network.
    """

    class Kind(models.TextChoices):
        FEED = "feed", _("RSS or Atom feed at an address")
        FEED_FILE = "feed-file", _("RSS or Atom feed as a file")
        FOLDER = "folder", _("watched folder")
        UPLOAD = "upload", _("files uploaded on the page")
        API = "api", _("machine client (API)")

    class Reliability(models.TextChoices):
        """The source-reliability scale of intelligence practice (the Admiralty code's letters)."""

        A = "A", _("A: completely reliable")
        B = "B", _("B: usually reliable")
        C = "C", _("C: fairly reliable")
        D = "D", _("D: not usually reliable")
        E = "E", _("E: unreliable")
        F = "F", _("F: reliability cannot be judged")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    address = models.CharField(
        _("address or folder"),
        max_length=500,
        blank=True,
        help_text=_("A feed's address (http, https or file) or a watched folder on the server."),
    )
    # Empty: the language is identified item by item.
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    every_minutes = models.PositiveIntegerField(
        _("fetch every (minutes)"), default=0, help_text=_("0: only when asked.")
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    last_run = models.ForeignKey(
        "core.Run",
        verbose_name=_("last fetch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)

    writer_roles = MONITORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("media source")
        verbose_name_plural = _("media sources")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
