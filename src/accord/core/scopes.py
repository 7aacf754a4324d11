"""Scopes of API tokens: a token may only do the actions it was created for, reads included.

Every API operation that reads records which are not public names the
:class:`~accord.core.access.Permission` it needs and calls :func:`require_scope` before anything else
(so a token without it learns nothing, not even whether a record exists): ``Permission.DOCUMENT_VIEW``
for documents, ``SESSION_VIEW`` for sessions, their agenda items and decisions, ``MEASURE_VIEW`` for
measures, ``STATEMENT_VIEW`` for the counts of statements, ``EVENT_VIEW`` for events, the map, the daily
counts and the situation reports, ``SERIES_VIEW`` for daily series, ``ALERT_VIEW`` for alerts; writes
name their ``…_ADD`` or ``…_CHANGE`` permission. The charter (states, statuses, bodies, posts, chairs,
instruments, eligibility) is the Organization's open regulatory framework, shown to the public without
logging in: any token may read it, with no scope.

Scopes are the enum's members, never strings written in an endpoint: the token scopes on offer
(``accord.accounts.tokens.KNOWN_SCOPES``) are derived from the same enum, so an endpoint cannot ask for
a scope no token can hold.

A browser session has no scopes: its user's role and clearance decide, as on the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accord.core.access import Permission


def require_scope(request: HttpRequest, scope: Permission) -> None:
    """Refuse a token-authenticated request whose token lacks ``scope`` (sessions are judged by role)."""
    if not isinstance(scope, Permission):
        raise TypeError(f"an API operation names a Permission, not the text {scope!r}")
    scopes = getattr(request, "token_scopes", None)
    if scopes is not None and scope not in scopes:
        raise PermissionDenied(f"this token does not have the scope {scope}")
