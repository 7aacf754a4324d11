"""Writes to user accounts, each recorded."""

from __future__ import annotations

from django.db import transaction

from accord.accounts.models import Role, User
from accord.core.audit import Actor, record_change, snapshot


class AccountError(Exception):
    """A user account cannot be created as asked."""


SAFE_FIELDS = ("username", "email", "role", "is_staff", "is_superuser", "is_active")


def public_snapshot(user: User) -> dict:
    """A user's recordable fields (never the password hash)."""
    values = snapshot(user)
    return {key: value for key, value in values.items() if key != "password"}


@transaction.atomic
def create_administrator(username: str, password: str, *, actor: Actor, email: str = "") -> User:
    """Create an administrator account (staff and superuser), recording who did it."""
    if User.objects.filter(username=username).exists():
        raise AccountError(f"a user named {username!r} already exists")
    user = User(username=username, email=email, role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    user.set_password(password)
    user.save()
    record_change(
        actor=actor,
        action="create",
        instance=user,
        before=None,
        after=public_snapshot(user),
        reason="administrator created",
    )
    return user
