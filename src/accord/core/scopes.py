"""Scopes of API tokens: a token may only do the actions it was created for, reads included.

Every API operation that reads records which are not public names the scope it needs and calls
:func:`require_scope` before anything else (so a token without it learns nothing, not even whether a
record exists): ``decisions:document:view`` for documents, ``decisions:session:view`` for sessions,
their agenda items and decisions, ``decisions:measure:view`` for measures, ``decisions:statement:view``
for the counts of statements, ``crisis:event:view`` for events, the map, the daily counts and the
situation reports, ``crisis:series:view`` for daily series, ``crisis:alert:view`` for alerts. The
charter (states, statuses, bodies, posts, chairs, instruments, eligibility) is the Organization's open
regulatory framework, shown to the public without logging in: any token may read it, with no scope.

A browser session has no scopes: its user's role and clearance decide, as on the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse a token-authenticated request whose token lacks ``scope`` (sessions are judged by role)."""
    scopes = getattr(request, "token_scopes", None)
    if scopes is not None and scope not in scopes:
        raise PermissionDenied(f"this token does not have the scope {scope}")
