"""The response app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "accord.response"
    label = "response"
    verbose_name = _("Crisis response")
