"""The decisions app: documents of the bodies (decisions, declarations, statements, plans …)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "accord.decisions"
    label = "decisions"
    verbose_name = _("Decisions and documents")
