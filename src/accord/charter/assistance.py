"""The grounds on which a state asks for help: a model of the charter, read from its file's
``assistance_bases`` section (see :class:`AssistanceBasis`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager
from accord.core.fields import BilingualNameMixin, in_active_language


class AssistanceBasis(BilingualNameMixin):
    """A ground on which a state asks the Organization or its members for help, and what it requires.

    Read from the charter file's ``assistance_bases`` section, not from code: who may ask (the
    rights of a status), through which channels, which body decides when the request goes through
    the Organization, and who may offer help (the rights of a status).
    """

    key = models.SlugField(_("key"), max_length=64, unique=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    requested_by = models.JSONField(_("rights that let a state ask"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    decided_by = models.ForeignKey(
        "charter.Body",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_bases",
        help_text=_("The body that decides a request made through the Organization."),
    )
    offered_by = models.JSONField(_("rights that let a state offer"), default=list, blank=True)
    source_keys = models.JSONField(_("sources"), default=list, blank=True)

    access_public = True  # the Organization's open regulatory framework
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("basis of a request for assistance")
        verbose_name_plural = _("bases of requests for assistance")
        ordering = ["id"]

    @property
    def description(self) -> str:
        return in_active_language(self.description_en, self.description_ru)
