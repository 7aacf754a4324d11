"""How API callers authenticate: a bearer token, a verified browser session, or no one (public)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie

from accord.accounts.tokens import authenticate_token


class TokenAuth:
    """``Authorization: Bearer acc_…``; a present but bad token is refused, never ignored."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, presented = header.partition(" ")
        token = authenticate_token(presented.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise AuthenticationError(401, "invalid, expired or revoked token")
        request.user = token.user
        request.token_scopes = list(token.scopes)
        request._dont_enforce_csrf_checks = True
        return token.user


class VerifiedSessionAuth(APIKeyCookie):
    """A logged-in browser session, counted only once its second factor is verified (with CSRF)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False):
            return None
        if user.needs_two_factor and not user.is_verified():
            request.user = AnonymousUser()
            return None
        return user


def anonymous(request: HttpRequest) -> Any:
    """Everyone else is the public and sees what the public sees (an unverified session too)."""
    request.user = AnonymousUser()
    return request.user
