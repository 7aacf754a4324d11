"""Writes to user accounts, each recorded (the password hash never enters a record: the model
declares it secret)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from accord.accounts.models import Role, User
from accord.charter.models import Body
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.access import require_add
from accord.core.audit import Actor, record_change, snapshot
from accord.core.classification import Classification

SECRETARIAT_BODY = "secretariat"


class AccountError(ServiceError):
    """A user account cannot be created or changed as asked."""


@transaction.atomic
def create_user(
    username: str,
    password: str,
    *,
    role: str,
    actor: Actor,
    state: str | None = None,
    body: str | None = None,
    clearance: int = 0,
    email: str = "",
) -> User:
    """Create a user affiliated with one state or one working body; administrators only."""
    require_add(actor.access_user, User)
    if User.objects.filter(username=username).exists():
        raise AccountError(f"a user named {username!r} already exists")
    if state and body:
        raise AccountError("a user belongs either to a state or to a working body, not both")
    user = User(username=username, email=email, role=role, clearance=clearance)
    if state:
        try:
            user.affiliation_state = state_by_code_or_name(state)
        except ServiceError as error:
            raise AccountError(str(error)) from None
    else:
        found = Body.objects.filter(key=body or SECRETARIAT_BODY).first()
        if found is None:
            raise AccountError(f"unknown working body {body!r}")
        user.affiliation_body = found
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    validate_password(password, user)
    user.set_password(password)
    user.save()
    record_change(
        actor=actor,
        action="create",
        instance=user,
        before=None,
        after=snapshot(user),
        reason="user created",
    )
    return user


@transaction.atomic
def create_administrator(
    username: str, password: str, *, actor: Actor, email: str = "", clearance: int = Classification.SECRET
) -> User:
    """Create an administrator of the Secretariat."""
    return create_user(
        username, password, role=Role.ADMINISTRATOR, actor=actor, email=email, clearance=clearance
    )


@transaction.atomic
def reset_second_factor(user: User, *, actor: Actor, reason: str = "") -> int:
    """Remove a user's authenticator and recovery codes, and end their sessions (a lost phone).

    The admin pages never show or plant a second factor, so this is done at the command line by
    the operator; the user sets a new one up at their next login. Returns how many devices went.
    """
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    require_add(actor.access_user, User)
    removed = 0
    for device_model in (TOTPDevice, StaticDevice):
        removed += device_model.objects.filter(user=user).delete()[1].get(device_model._meta.label, 0)
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    record_change(
        actor=actor,
        action="update",
        instance=user,
        before={"two_factor": True, "session_epoch": user.session_epoch - 1},
        after={"two_factor": False, "session_epoch": user.session_epoch},
        reason=reason or "second factor reset",
    )
    return removed


@transaction.atomic
def set_password(user: User, password: str, *, actor: Actor, reason: str = "") -> None:
    """Set a user's password at the operator's hand, on the record without the hash.

    The session hash covers the password, so every session of the user ends with it.
    """
    require_add(actor.access_user, User)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_change(
        actor=actor,
        action="update",
        instance=user,
        before={"password": "(previous)"},
        after={"password": "(set by the operator)"},
        reason=reason or "password set at the command line",
    )
