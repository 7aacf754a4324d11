"""How API callers authenticate: a bearer token, a verified browser session, or no one (public)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie

from accord.accounts.tokens import authenticate_token
from accord.accounts.two_factor import owes_second_factor, unverified_api_message


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


def refuse_unverified_session(request: HttpRequest) -> None:
    """A session that owes its second factor is refused (401), neither the user nor the public.

    Acting as the user would skip the factor. Answering as the public would be safe for the data but
    misleading for the caller (a page's script would show "nothing found" instead of "log in"), and
    pages already refuse such a session rather than show it the public view; the API says the same.
    The middleware refuses first; this keeps the API closed even where the middleware is missing.
    """
    if owes_second_factor(getattr(request, "user", None)):
        raise AuthenticationError(401, unverified_api_message())


class VerifiedSessionAuth(APIKeyCookie):
    """A logged-in browser session, counted only once its second factor is verified (with CSRF)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False):
            return None
        refuse_unverified_session(request)
        return user


def anonymous(request: HttpRequest) -> Any:
    """Everyone else, without a session or a token, is the public and sees what the public sees."""
    refuse_unverified_session(request)
    request.user = AnonymousUser()
    return request.user
