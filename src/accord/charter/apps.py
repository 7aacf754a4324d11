"""The charter app: the organization as data, and the rules that answer questions about it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "accord.charter"
    label = "charter"
    verbose_name = _("Charter")
