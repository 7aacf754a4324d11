"""The crisis app: events, daily series, early-warning alerts, the situation picture."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "accord.crisis"
    label = "crisis"
    verbose_name = _("Crisis Response Center")
