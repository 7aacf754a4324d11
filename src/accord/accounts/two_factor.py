"""Two-factor login: TOTP devices, recovery codes, and enforcement for every role but reader."""

from __future__ import annotations

import secrets
from typing import Any

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User
from accord.core.audit import Actor, record_change

RECOVERY_CODES = 10
ISSUER = "Accord"


def owes_second_factor(user: Any) -> bool:
    """Whether this logged-in user has passed the password but not yet the second factor.

    Fails closed: without django-otp's middleware (no ``is_verified`` on the user) nobody who needs
    the factor counts as verified.
    """
    if not getattr(user, "is_authenticated", False) or not user.needs_two_factor:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (callable(is_verified) and is_verified())


def unverified_api_message() -> str:
    """What the API answers to a session that owes its second factor (with what to do)."""
    return _(
        "This session has not passed the second factor: enter your code at /accounts/two-factor/ "
        "or log out, or call the API with a token."
    )


def has_confirmed_device(user: User) -> bool:
    """Whether the user has finished setting up a second factor."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def provisioning_svg(device: TOTPDevice, user: User) -> str:
    """The QR code an authenticator app scans, as inline SVG (no outside service)."""
    uri = device.config_url.replace("otpauth://totp/", f"otpauth://totp/{ISSUER}:", 1)
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#12263f")


@transaction.atomic
def confirm_totp(request: Any, user: User, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code; return new recovery codes, or None if wrong."""
    device = pending_totp_device(user)
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save()
    codes = replace_recovery_codes(user)
    otp_login(request, device)
    record_change(
        actor=Actor.for_user(user),
        action="update",
        instance=user,
        before={"two_factor": False},
        after={"two_factor": True},
        reason="two-factor login set up",
    )
    return codes


def replace_recovery_codes(user: User) -> list[str]:
    """Issue fresh single-use recovery codes (48 bits each, within the 16 characters django-otp keeps)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = ["-".join(secrets.token_hex(2) for _ in range(3)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(request: Any, user: User, token: str) -> bool:
    """Check a TOTP code or a recovery code against the user's confirmed devices, and mark the session."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    return False
