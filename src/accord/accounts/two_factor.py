"""Two-factor login: who owes a second factor, checking codes, and the setup page's key (writes: services)."""

from __future__ import annotations

from typing import Any

import segno
from django.core import signing
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accord.accounts.models import User

ISSUER = "Accord"
KEY_BYTES = 20
SETUP_SALT = "accord.accounts.two_factor.setup"
SETUP_MAX_AGE = 3600


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


def authenticator_key_for(user: User) -> str:
    """The key to show on the setup page: that of the authenticator already being set up, or a new one.

    A new key is only shown, not stored: the authenticator is created when its first code is
    entered (:func:`accord.accounts.services.confirm_authenticator`), so that viewing the page
    writes nothing.
    """
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return pending.key if pending is not None else random_hex(KEY_BYTES)


def sealed_setup_key(user: User, key: str) -> str:
    """The key, signed for this user, to travel in the setup form until the first code comes back."""
    return signing.dumps({"user": user.pk, "key": key}, salt=SETUP_SALT)


def opened_setup_key(user: User, sealed: str) -> str | None:
    """The key of a setup form, if it was signed here, for this user, within the last hour."""
    try:
        content = signing.loads(sealed, salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(content, dict) or content.get("user") != user.pk:
        return None
    key = content.get("key")
    return key if isinstance(key, str) and len(key) == 2 * KEY_BYTES else None


def provisioning_svg(key: str, user: User) -> str:
    """The QR code an authenticator app scans, as inline SVG (no outside service)."""
    uri = authenticator_uri(key, user)
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#12263f")


def authenticator_uri(key: str, user: User) -> str:
    """The ``otpauth://`` address of an authenticator holding ``key`` (built without saving a device)."""
    device = TOTPDevice(user=user, key=key, name="authenticator")
    return device.config_url.replace("otpauth://totp/", f"otpauth://totp/{ISSUER}:", 1)


def key_as_typed(key: str, user: User) -> str:
    """The key as a person types it into an app (base 32), as the QR code carries it."""
    return authenticator_uri(key, user).split("secret=")[1].split("&")[0]


def verify_second_factor(request: Any, user: User, token: str) -> bool:
    """Check a TOTP code or a recovery code against the user's confirmed devices, and mark the session."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    return False
