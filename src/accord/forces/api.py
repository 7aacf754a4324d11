"""The forces API (``/api/v1/forces/``): each subject adds its router here."""

from ninja import Router

router = Router(tags=["forces"])
