"""Scopes of API tokens: a token may only do the actions it was created for."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse a token-authenticated request whose token lacks ``scope`` (sessions are judged by role)."""
    scopes = getattr(request, "token_scopes", None)
    if scopes is not None and scope not in scopes:
        raise PermissionDenied(f"this token does not have the scope {scope}")
