"""The response app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "accord.response"
    label = "response"
    verbose_name = _("Crisis response")

    def ready(self) -> None:
        """Collect the panels the subjects add to a request's page (see :mod:`accord.response.panels`),
        add the situation report's section, and name the pages notifications of response records link
        to (:mod:`accord.response.notify`)."""
        from accord.response import (
            notify,  # noqa: F401 — registers the notifications' pages
            sitrep_section,  # noqa: F401 — adds the situation report's section
        )
        from accord.response.panels import load_panels

        load_panels()
