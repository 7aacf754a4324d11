"""Every role but reader must pass the second factor before using any page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accord.accounts.two_factor import has_confirmed_device

OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/")


class TwoFactorRequiredMiddleware:
    """Send a logged-in user who still owes a second factor to set it up or to enter it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        owes_factor = (
            getattr(user, "is_authenticated", False) and user.needs_two_factor and not user.is_verified()
        )
        if owes_factor and not request.path.startswith(OPEN_PREFIXES):
            target = "accounts:two-factor" if has_confirmed_device(user) else "accounts:two-factor-setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
