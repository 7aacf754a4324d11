"""A write that cannot get SQLite's write lock in a few seconds answers 503, never 500.

A long import holds the lock for minutes. A web request's write waits for it a few seconds (the
``timeout`` of the database settings), then gives up; this middleware turns that into 503 with
``Retry-After`` and a message: a translated page, or ``{"detail": ...}`` under ``/api/``. Reads do
not wait at all (WAL), and do not write on their way (:mod:`accord.core.reads`,
:func:`accord.accounts.tokens.note_token_use`).

After a write that succeeded it also folds the reads that waited in the journal into the read log:
the lock was just free.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.core.access import access_cache
from accord.core.locks import RETRY_AFTER_SECONDS, is_lock_timeout
from accord.core.reads import fold_read_journal

API_PREFIX = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def busy_message() -> str:
    """What a refused write is told, in the request's language."""
    return _(
        "The database is busy with another write (perhaps an import), so nothing was saved. "
        "Please try again in a minute."
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON for the API, a page for people."""
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse({"detail": busy_message()}, status=503)
    else:
        response = TemplateResponse(
            request,
            "web/busy.html",
            {"message": busy_message(), "retry_after": RETRY_AFTER_SECONDS},
            status=503,
        ).render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """Answer 503 when a write gave up waiting for the lock; fold waiting reads after a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            fold_read_journal()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_lock_timeout(exception):
            return busy_response(request)
        return None


class AccessCacheMiddleware:
    """Work out a user's visibility once per request, not once per ``restrict()`` call.

    A page such as the dashboard restricts half a dozen querysets; each would otherwise read the
    user's state's status again. The answers are kept for this request only, so a change of
    clearance or status is seen by the very next request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with access_cache():
            return self.get_response(request)
