"""API writes of the charter's posts (mounted by :mod:`accord.charter.api`; import that module)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["charter"])
