"""Media items: one text as a source delivered it, cleaned, with what Accord understood of it.

An item holds no person's name: names are replaced before the text is stored (the public officials
the charter records are linked as their posts). An item that could not be read keeps its error, so
the rest of the feed goes on and the user sees what failed and why.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.monitoring.models.common import MONITORS, Language


class Item(ClassifiedModel):
    """One article, post or file from a source, labelled as its source is."""

    class Status(models.TextChoices):
        PROCESSED = "processed", _("processed")
        DUPLICATE = "duplicate", _("duplicate")
        FAILED = "failed", _("failed")

    source = models.ForeignKey(
        "monitoring.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="items"
    )
    run = models.ForeignKey(
        "core.Run",
        verbose_name=_("fetch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The source's own id for the item (a feed entry's id, a file's name, a client's reference): an
    # item delivered again is recognised and not taken twice.
    external_id = models.CharField(_("id in the source"), max_length=500)
    address = models.CharField(_("address"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    published = models.DateTimeField(_("published"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    error_code = models.CharField(_("error"), max_length=40, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    exact_key = models.CharField(_("text fingerprint"), max_length=64, blank=True, db_index=True)
    # MinHash values (base64 of little-endian uint64s): text, so that a change record can hold it.
    signature = models.TextField(_("near-duplicate signature"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    similarity = models.FloatField(_("similarity to the original"), null=True, blank=True)
    names_removed = models.PositiveIntegerField(_("person names removed"), default=0)
    rules_version = models.PositiveIntegerField(_("rules version"), default=0)
    story = models.ForeignKey(
        "monitoring.Story",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )

    writer_roles = MONITORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="item_once_per_source"),
        ]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["published"]),
        ]

    def __str__(self) -> str:
        return self.title or self.external_id

    @property
    def day(self) -> datetime.date:
        """The day the item counts on: when it was published, else when it arrived."""
        return (self.published or self.received_at).date()


class ItemTag(models.Model):
    """One thing an item is about (a state, place, body, training, category …) and why Accord thinks so."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("kind"), max_length=16)
    key = models.CharField(_("key"), max_length=120)
    rule = models.CharField(_("rule"), max_length=120)
    words = models.JSONField(_("words that made it"), default=list)
    spans = models.JSONField(_("where they stand"), default=list)
    score = models.FloatField(_("score"), default=1.0)

    access_through = "item"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("tag of an item")
        verbose_name_plural = _("tags of items")
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class ItemFigure(models.Model):
    """A number an item gives: its value, what it counts, how exact, and what it belongs to."""

    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="figures")
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=40)
    about = models.CharField(_("about"), max_length=120, blank=True)
    qualifier = models.CharField(_("how exact"), max_length=16, blank=True)
    words = models.CharField(_("as written"), max_length=300)

    access_through = "item"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("figure of an item")
        verbose_name_plural = _("figures of items")

    def __str__(self) -> str:
        return self.words
