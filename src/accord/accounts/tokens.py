"""API tokens: created with a shown-once secret, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass

from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from accord.accounts.models import ApiToken, User, hash_token_secret
from accord.core.access import Permission, require_add
from accord.core.audit import Actor, record_change, save_with_record, snapshot
from accord.core.locks import is_lock_timeout, lock_wait

TOKEN_PREFIX = "acc"
KNOWN_SCOPES = tuple(str(permission) for permission in Permission)
MAX_LIFETIME = datetime.timedelta(days=366)
LAST_USE_RESOLUTION = datetime.timedelta(minutes=15)
TOKEN_SHAPE = re.compile(rf"{TOKEN_PREFIX}_([0-9a-f]{{8}})_([A-Za-z0-9_-]{{16,128}})", re.ASCII)


class TokenError(ValueError):
    """A token cannot be created or used as asked."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which is shown this once and never stored."""

    token: ApiToken
    secret: str


@transaction.atomic
def create_token(
    user: User, name: str, scopes: list[str], lifetime: datetime.timedelta, *, actor: Actor
) -> IssuedToken:
    """Issue a token for ``user`` with the given scopes, expiring after ``lifetime``."""
    require_add(actor.access_user, ApiToken)
    unknown = sorted(set(scopes) - set(KNOWN_SCOPES))
    if unknown:
        raise TokenError(f"unknown scope {unknown[0]!r}: expected one of {', '.join(KNOWN_SCOPES)}")
    if not scopes:
        raise TokenError("name at least one scope")
    if not datetime.timedelta(minutes=1) <= lifetime <= MAX_LIFETIME:
        raise TokenError("a token lives between one minute and one year")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=hash_token_secret(secret),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + lifetime,
    )
    token.save()
    record_change(
        actor=actor,
        action="create",
        instance=token,
        before=None,
        after=snapshot(token),
        reason="API token issued",
    )
    return IssuedToken(token, f"{TOKEN_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def revoke_token(prefix: str, *, actor: Actor, reason: str = "") -> ApiToken:
    """Revoke a token at once; it can never be used again."""
    token = ApiToken.objects.restrict(actor.access_user, "change").filter(prefix=prefix).first()
    if token is None:
        raise TokenError(f"no token with prefix {prefix!r}")
    if token.revoked_at is None:
        save_with_record(
            token, actor=actor, reason=reason or "revoked", fields={"revoked_at": timezone.now()}
        )
    return token


def authenticate_token(presented: str) -> ApiToken | None:
    """The usable token a presented secret belongs to, or None (compared in constant time).

    Anything not shaped like a token Accord issued (wrong prefix, non-ASCII characters) is simply
    not a token: None, so that the caller answers 401, never 500.
    """
    shape = TOKEN_SHAPE.fullmatch(presented)
    if shape is None:
        return None
    prefix, secret = shape.groups()
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.secret_hash, hash_token_secret(secret)):
        return None
    if not token.is_usable() or not token.user.is_active:
        return None
    note_token_use(token)
    return token


def note_token_use(token: ApiToken) -> None:
    """Note when a token was last used, coarsely, and only if that costs the request nothing.

    ``last_used_at`` tells an administrator which tokens are still in use (to revoke the idle
    ones); it is a hint, not an audit record: the change record says what a token's holder did.
    So it is written at most once per ``LAST_USE_RESOLUTION`` per token, and only if SQLite's
    write lock is free at once: during a long import the note is skipped, never waited for (a
    read must not wait for a write), and taken again by a later request.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_RESOLUTION)
    try:
        with lock_wait(0), transaction.atomic():
            ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    except OperationalError as error:
        if not is_lock_timeout(error):
            raise
