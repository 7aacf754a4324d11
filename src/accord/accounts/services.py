"""Every write to user accounts and their second factor, each recorded, each in one transaction.

The admin pages, the account pages and the commands only ask; the rules live here, so that no
path can do what another refuses. No secret enters a record: the password hash, the TOTP key and
the recovery codes are declared secret (the models' ``secret_fields``, ``declare_secret_fields``
in :mod:`accord.accounts.apps`), and the records about them say what happened, never the value.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.affiliation import AccountError, affiliation_refusal
from accord.accounts.models import Role, User
from accord.charter.models import Body, State
from accord.charter.services import state_by_code_or_name
from accord.core.access import require_add
from accord.core.audit import Actor, delete_with_record, record_change, save_with_record
from accord.core.classification import Classification
from accord.core.errors import ServiceError

SECRETARIAT_BODY = "secretariat"
# Roles whose home is the Secretariat: without another affiliation, that is where their user belongs.
# Every other role says where its user belongs; no default ever lands a user in a working body (whose
# users are capped by no state's status) by omission.
SECRETARIAT_ROLES = frozenset({Role.ADMINISTRATOR, Role.SECRETARIAT_OFFICER})
# The fields of a user that are not access: the admin pages change them at once, on the record.
DETAIL_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "last_login", "date_joined")
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def refuse_wrong_affiliation(role: str, state: State | None, body: Body | None) -> None:
    """Raise :class:`AccountError` when the role cannot hold this affiliation."""
    refusal = affiliation_refusal(role, has_state=state is not None, has_body=body is not None)
    if refusal:
        raise AccountError(refusal)


def affiliation_named(role: str, state: str | None, body: str | None) -> tuple[State | None, Body | None]:
    """The state or body named by code, name or key; the Secretariat only for the Secretariat's roles."""
    found_state = found_body = None
    if state:
        try:
            found_state = state_by_code_or_name(state)
        except ServiceError as error:
            raise AccountError(f"state: {error}") from None
    if body:
        found_body = Body.objects.filter(key=body).first()
        if found_body is None:
            raise AccountError(_("body: unknown working body %(key)r") % {"key": body})
    if found_state is None and found_body is None and role in SECRETARIAT_ROLES:
        found_body = Body.objects.filter(key=SECRETARIAT_BODY).first()
    return found_state, found_body


# --- Users --------------------------------------------------------------------------------------


@transaction.atomic
def create_user(
    username: str,
    password: str | None,
    *,
    role: str,
    actor: Actor,
    state: str | None = None,
    body: str | None = None,
    clearance: int = Classification.PUBLIC,
    email: str = "",
    reason: str = "user created",
) -> User:
    """Create a user affiliated with one state or one working body; administrators only.

    Without a password the user cannot log in with one (until an administrator sets it). The
    clearance defaults to the lowest: whoever needs more is given it by name.
    """
    require_add(actor.access_user, User)
    if role not in Role.values:
        raise AccountError(_("role: %(role)r is not a role") % {"role": role})
    if clearance not in Classification.values:
        raise AccountError(_("clearance: %(level)r is not a clearance level") % {"level": clearance})
    if User.objects.filter(username=username).exists():
        raise AccountError(_("username: a user named %(name)r already exists") % {"name": username})
    found_state, found_body = affiliation_named(role, state, body)
    refuse_wrong_affiliation(role, found_state, found_body)
    user = User(
        username=username,
        email=email,
        role=role,
        clearance=clearance,
        affiliation_state=found_state,
        affiliation_body=found_body,
    )
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    save_with_record(user, actor=actor, reason=reason)
    return user


@transaction.atomic
def create_administrator(
    username: str, password: str, *, actor: Actor, clearance: int, email: str = ""
) -> User:
    """Create an administrator of the Secretariat, cleared as the caller says (no default level)."""
    return create_user(
        username, password, role=Role.ADMINISTRATOR, actor=actor, email=email, clearance=clearance
    )


@transaction.atomic
def update_user_details(user: User, values: dict[str, Any], *, actor: Actor, reason: str) -> bool:
    """Change the ordinary fields of a user (name, e-mail, active …); returns whether anything changed.

    Role, clearance and affiliation are not among them: they change through
    :func:`accord.accounts.four_eyes.change_access`, which asks a second administrator to widen them.
    """
    require_add(actor.access_user, User)
    unknown = sorted(set(values) - set(DETAIL_FIELDS))
    if unknown:
        raise AccountError(_("%(field)s: not changed here") % {"field": unknown[0]})
    stored = User.objects.select_for_update().get(pk=user.pk)
    return save_with_record(stored, actor=actor, reason=reason, fields=values)


def record_password_change(user: User, *, actor: Actor, reason: str, how: str) -> None:
    """Put a password change on the record: that it happened and how, never the hash."""
    record_change(
        actor=actor,
        action="update",
        instance=user,
        before={"password": "(previous)"},
        after={"password": how},
        reason=reason,
    )


@transaction.atomic
def set_password(
    user: User, password: str | None, *, actor: Actor, reason: str = "", how: str = "(set by the operator)"
) -> None:
    """Set a user's password at an administrator's or the operator's hand, on the record without the hash.

    ``None`` leaves the user without a usable password. Nobody takes over an account that may see
    more than they may (see :func:`accord.accounts.four_eyes.refuse_taking_over_wider_access`). The
    session hash covers the password, so every session of the user ends with it.
    """
    from accord.accounts.four_eyes import refuse_taking_over_wider_access

    require_add(actor.access_user, User)
    refuse_taking_over_wider_access(actor, user)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save(update_fields=["password"])
    record_password_change(user, actor=actor, reason=reason or "password set at the command line", how=how)


@transaction.atomic
def change_own_password(user: User, password: str, *, actor: Actor) -> None:
    """A user changes their own password (the caller has checked the old one), on the record."""
    if actor.user is None or actor.user.pk != user.pk:
        raise AccountError(_("password: only its owner changes a password this way"))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_password_change(user, actor=actor, reason="password changed", how="(changed)")


@transaction.atomic
def end_all_sessions(user: User, *, actor: Actor) -> None:
    """End every session of the user on every device ("log out everywhere"), on the record."""
    if actor.user is None or actor.user.pk != user.pk:
        require_add(actor.access_user, User)
    locked = User.objects.select_for_update().get(pk=user.pk)
    save_with_record(
        locked,
        actor=actor,
        reason="logged out everywhere",
        fields={"session_epoch": locked.session_epoch + 1},
    )
    user.session_epoch = locked.session_epoch


# --- The second factor ----------------------------------------------------------------------------


def refuse_unless_own(user: User, actor: Actor) -> None:
    """Only its owner sets up or renews a second factor: no administrator plants one."""
    if actor.user is None or actor.user.pk != user.pk:
        raise AccountError(_("second factor: only its owner sets up a second factor"))


def authenticator_being_set_up(user: User, key: str) -> TOTPDevice:
    """The unconfirmed authenticator with this key, created (on the record, without the key) if new.

    Created when the first code is entered, never when the setup page is shown: looking at a page
    writes nothing. Kept while unconfirmed, so that wrong codes slow down the next attempts.
    """
    pending = TOTPDevice.objects.filter(user=user, confirmed=False)
    device = next((candidate for candidate in pending if candidate.key == key), None)
    if device is not None:
        return device
    for stale in pending:
        delete_with_record(stale, actor=Actor.for_user(user), reason="authenticator set up afresh")
    device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=False)
    save_with_record(device, actor=Actor.for_user(user), reason="authenticator being set up")
    return device


@transaction.atomic
def confirm_authenticator(request: Any, user: User, key: str, code: str) -> list[str] | None:
    """Confirm the authenticator holding ``key`` with a code from it; new recovery codes, or None if wrong.

    A wrong code leaves the unconfirmed authenticator (and its slowed-down retries) in place.
    """
    actor = Actor.for_user(user)
    device = authenticator_being_set_up(user, key)
    if not device.verify_token(code.strip()):
        return None
    save_with_record(device, actor=actor, reason="authenticator confirmed", fields={"confirmed": True})
    codes = replace_recovery_codes(user, actor=actor)
    otp_login(request, device)
    record_change(
        actor=actor,
        action="update",
        instance=user,
        before={"two_factor": False},
        after={"two_factor": True},
        reason="two-factor login set up",
    )
    return codes


@transaction.atomic
def replace_recovery_codes(user: User, *, actor: Actor) -> list[str]:
    """Issue fresh single-use recovery codes; the old ones stop working. On the record, without codes.

    48 bits each, within the 16 characters django-otp keeps.
    """
    refuse_unless_own(user, actor)
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if device is None:
        device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        save_with_record(device, actor=actor, reason="recovery codes created")
    previous = device.token_set.count()
    device.token_set.all().delete()
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record_change(
        actor=actor,
        action="update",
        instance=user,
        before={"recovery_codes": previous},
        after={"recovery_codes": len(codes)},
        reason="recovery codes replaced",
    )
    return codes


@transaction.atomic
def reset_second_factor(user: User, *, actor: Actor, reason: str = "") -> int:
    """Remove a user's authenticator and recovery codes, and end their sessions (a lost phone).

    The admin pages never show or plant a second factor, so this is done at the command line by
    the operator; the user sets a new one up at their next login. Returns how many devices went.
    """
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
