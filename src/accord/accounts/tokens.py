"""API tokens: created with a shown-once secret, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import ApiToken, User, hash_token_secret
from accord.core.access import require_add
from accord.core.audit import Actor, record_change, save_with_record, snapshot

TOKEN_PREFIX = "acc"
KNOWN_SCOPES = (
    "decisions:document:view",
    "decisions:document:add",
    "decisions:session:view",
    "decisions:session:add",
    "decisions:session:change",
    "decisions:amendment:add",
    "decisions:measure:view",
    "decisions:progressreport:add",
    "decisions:statement:view",
    "crisis:event:view",
    "crisis:event:add",
    "crisis:series:view",
    "crisis:alert:view",
    "crisis:alert:change",
    "charter:instrumentparticipant:change",
)
MAX_LIFETIME = datetime.timedelta(days=366)


class TokenError(ValueError):
    """A token cannot be created or used as asked."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which is shown this once and never stored."""

    token: ApiToken
    secret: str


def token_snapshot(token: ApiToken) -> dict:
    """A token's recordable fields (never the hash)."""
    return {key: value for key, value in snapshot(token).items() if key != "secret_hash"}


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
        after=token_snapshot(token),
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
    """The usable token a presented secret belongs to, or None (compared in constant time)."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.secret_hash, hash_token_secret(parts[2])):
        return None
    if not token.is_usable() or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
