"""Stories: the items about one thing, grouped across sources and both languages, and their handling.

A story counts once however many sites republish it; the signals count stories, never items. It is
labelled with the highest classification and the narrowest releasability of its items, so whoever
sees a story sees every item in it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.classification import ClassifiedModel
from accord.monitoring.models.common import MONITORS


class Story(ClassifiedModel):
    """Items about the same thing within a time window; a story grows, merges into another, and fades."""

    class Triage(models.TextChoices):
        NEW = "new", _("new")
        RELEVANT = "relevant", _("relevant")
        NOT_RELEVANT = "not-relevant", _("not relevant")
        VERIFIED = "verified", _("verified")

    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    items_count = models.PositiveIntegerField(_("items"), default=0)
    sources_count = models.PositiveIntegerField(_("sources"), default=0)
    languages = models.CharField(_("languages"), max_length=20, blank=True)
    # The weighted words, places and categories the story is matched on (see monitoring.stories).
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    triage = models.CharField(_("triage"), max_length=16, choices=Triage.choices, default=Triage.NEW)
    triage_note = models.TextField(_("analyst's note"), blank=True)
    triaged_by = models.CharField(_("triaged by"), max_length=150, blank=True)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    faded_on = models.DateField(_("faded on"), null=True, blank=True)
    crisis = models.ForeignKey(
        "response.Crisis",
        verbose_name=_("crisis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.ForeignKey(
        "crisis.Event",
        verbose_name=_("event on the map"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    writer_roles = MONITORS
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-last_seen", "-id"]
        indexes = [
            models.Index(fields=["triage", "last_seen"]),
            models.Index(fields=["last_seen"]),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_ru or f"#{self.pk}"

    @property
    def title(self) -> str:
        """The title in the reader's language when the story has one, else in the other."""
        from django.utils.translation import get_language

        if (get_language() or "en").startswith("ru"):
            return self.title_ru or self.title_en
        return self.title_en or self.title_ru


class StoryTag(models.Model):
    """What a story is about, summed over its distinct items: the signals read these."""

    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(_("kind"), max_length=16)
    key = models.CharField(_("key"), max_length=120)
    items = models.PositiveIntegerField(_("items"), default=1)

    access_through = "story"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("tag of a story")
        verbose_name_plural = _("tags of stories")
        constraints = [models.UniqueConstraint(fields=["story", "kind", "key"], name="story_tag_once")]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class StoryReview(models.Model):
    """One step of an analyst's triage of a story: the verdict, the note, who and when."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="reviews"
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Story.Triage.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)

    access_through = "story"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("review of a story")
        verbose_name_plural = _("reviews of stories")
        ordering = ["story", "at", "id"]

    def __str__(self) -> str:
        return f"{self.story_id} {self.verdict}"


class StoryCitation(models.Model):
    """A verified story cited in a situation report's media section."""

    story = models.ForeignKey(
        Story, verbose_name=_("story"), on_delete=models.PROTECT, related_name="citations"
    )
    report = models.ForeignKey(
        "crisis.SituationReport",
        verbose_name=_("situation report"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.CharField(_("cited by"), max_length=150)
    at = models.DateTimeField(_("cited at"), default=timezone.now)

    access_through = "story"
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("story cited in a situation report")
        verbose_name_plural = _("stories cited in situation reports")
        constraints = [models.UniqueConstraint(fields=["story", "report"], name="story_cited_once")]

    def __str__(self) -> str:
        return f"{self.story_id} in {self.report_id}"
