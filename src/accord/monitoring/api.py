"""The monitoring API (mounted at ``/api/v1/monitoring/``): each subject has its ``api_<subject>``
module with a ``router``, added here in a fixed order."""

from __future__ import annotations

import importlib

from ninja import Router

router = Router(tags=["monitoring"])
SUBJECTS = ("items", "sources", "stories", "signals", "rules")


def add_subject_routers(parent: Router) -> None:
    """Add the router of every subject module present."""
    for subject in SUBJECTS:
        name = f"accord.monitoring.api_{subject}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            continue
        parent.add_router("", module.router)


add_subject_routers(router)
