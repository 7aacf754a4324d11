"""URLs of the monitoring pages (under ``/monitoring/``): each subject has its ``urls_<subject>`` module
with a ``urlpatterns`` list, put together here in a fixed order."""

from __future__ import annotations

import importlib

app_name = "monitoring"
SUBJECTS = ("stories", "sources", "items", "rules", "signals", "search")


def subject_patterns(subject: str) -> list:
    """The patterns of one subject's module (none while it is absent)."""
    name = f"accord.monitoring.urls_{subject}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name != name:
            raise
        return []
    return list(module.urlpatterns)


urlpatterns: list = [pattern for subject in SUBJECTS for pattern in subject_patterns(subject)]
