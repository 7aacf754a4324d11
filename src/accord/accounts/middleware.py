"""A session that has passed only the password may finish logging in, or leave; nothing else.

Being verified is the default requirement of every URL, pages and API alike: a session that owes its
second factor is refused everywhere except the few views named in :data:`OPEN_TO_UNVERIFIED`. The
exceptions are matched by the resolved URL name, never by a path prefix, so a new page under
``/accounts/`` (or anywhere) is closed until someone adds it here on purpose. Static files are not in
the list because WhiteNoise answers them before this middleware runs. Anonymous visitors are not
concerned: they see the public pages as before; a half-logged-in session is never treated as public.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from accord.accounts.two_factor import has_confirmed_device, owes_second_factor, unverified_api_message

#: The whole list of what a half-logged-in session may reach (namespaced URL names).
OPEN_TO_UNVERIFIED = frozenset({"login", "logout", "accounts:two-factor", "set_language"})
#: First-time setup is open only while the user has no confirmed device; afterwards it needs a code.
FIRST_SETUP = "accounts:two-factor-setup"
API_PREFIX = "/api/"


def url_name(request: HttpRequest) -> str | None:
    """The namespaced name of the view the request goes to (None for an unknown address)."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return match.view_name


def open_to_unverified(request: HttpRequest) -> bool:
    """Whether a session that owes its second factor may reach this address."""
    name = url_name(request)
    if name in OPEN_TO_UNVERIFIED:
        return True
    return name == FIRST_SETUP and not has_confirmed_device(request.user)


def refuse_unverified(request: HttpRequest) -> HttpResponse:
    """API callers get 401 with the reason; pages send the browser to the second-factor step."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": unverified_api_message()}, status=401)
    target = "accounts:two-factor" if has_confirmed_device(request.user) else FIRST_SETUP
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()}, safe='/')}")


class TwoFactorRequiredMiddleware:
    """Refuse everything but the second-factor steps to a logged-in user who still owes the factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if owes_second_factor(getattr(request, "user", None)) and not open_to_unverified(request):
            return refuse_unverified(request)
        return self.get_response(request)
