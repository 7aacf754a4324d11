"""Helpers for tests that act as real users: create them and log them in with a verified second factor."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import Role, User
from accord.charter.models import Body, State
from accord.core.classification import Classification


def make_user(
    username: str,
    role: str = Role.READER,
    *,
    state: str | None = None,
    clearance: int = Classification.SECRET,
) -> User:
    """A user of a state (by code) or of the Secretariat."""
    user = User(username=username, role=role, clearance=clearance)
    if state:
        user.affiliation_state = State.objects.get(code=state)
    else:
        user.affiliation_body = Body.objects.get(key="secretariat")
    user.set_password("a long enough password 1")
    user.save()
    return user


def login_verified(client, user: User) -> None:
    """Log ``user`` in as if they had entered their password and a valid code."""
    client.force_login(user)
    if user.needs_two_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
