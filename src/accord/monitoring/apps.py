"""The monitoring app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "accord.monitoring"
    label = "monitoring"
    verbose_name = _("Media monitoring")

    def ready(self) -> None:
        """Show the stories behind a media alert on the alert's page in crisis, and add the media section
        to the situation report."""
        from accord.monitoring import (
            alert_panel,
            sitrep_media,  # noqa: F401 — adds the situation report's section
        )

        alert_panel.register()
