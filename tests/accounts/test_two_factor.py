"""Two-factor login: required for every role but reader, set up with a real TOTP code, recovery codes work once."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import Role
from accord.accounts.two_factor import opened_setup_key
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 1"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def setup_page(client, user) -> tuple[dict, TOTPDevice]:
    """The setup page's form values and the (unsaved) authenticator its key makes."""
    page = client.get("/accounts/two-factor/setup/")
    sealed = page.context["form"]["setup_key"].value()
    return {"setup_key": sealed}, TOTPDevice(user=user, key=opened_setup_key(user, sealed))


def log_in(client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.SECRETARIAT_OFFICER, Role.CRC_DUTY_OFFICER, Role.LIAISON_OFFICER]
)
def test_every_role_but_reader_must_set_up_a_second_factor(client, role):
    user = make_user(f"u-{role}", role)
    log_in(client, user)
    for path in ("/", "/documents/", "/states/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/two-factor/setup/")


def test_a_reader_needs_no_second_factor(client):
    user = make_user("plain-reader", Role.READER)
    log_in(client, user)
    assert client.get("/documents/").status_code == 200


def test_setting_up_and_then_logging_in_with_the_second_factor(client, settings):
    # django-otp slows down guessing after a wrong code; this test enters wrong codes on purpose.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    user = make_user("officer", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    setup = client.get("/accounts/two-factor/setup/")
    assert setup.status_code == 200
    assert b"<svg" in setup.content
    form, device = setup_page(client, user)
    wrong = client.post(
        "/accounts/two-factor/setup/",
        {**form, "code": "000000" if current_code(device) != "000000" else "111111"},
    )
    assert "does not match" in wrong.content.decode()
    done = client.post(
        "/accounts/two-factor/setup/", {**form, "code": current_code(device), "next": "/documents/"}
    )
    codes = re.findall(r"<code>([0-9a-f]{4}(?:-[0-9a-f]{4}){2})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/documents/").status_code == 200

    client.logout()
    log_in(client, user)
    assert client.get("/documents/")["Location"].startswith("/accounts/two-factor/?next=")
    refused = client.post("/accounts/two-factor/", {"code": "12345678"})
    assert "not valid" in refused.content.decode()
    accepted = client.post("/accounts/two-factor/", {"code": codes[0], "next": "/documents/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/documents/"
    assert client.get("/documents/").status_code == 200

    client.logout()
    log_in(client, user)
    reused = client.post("/accounts/two-factor/", {"code": codes[0]})
    assert "not valid" in reused.content.decode(), "a recovery code works once"


def test_wrong_codes_are_throttled(client):
    user = make_user("guesser", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    form, device = setup_page(client, user)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    client.post("/accounts/two-factor/setup/", {**form, "code": wrong})
    throttled = client.post("/accounts/two-factor/setup/", {**form, "code": current_code(device)})
    assert "does not match" in throttled.content.decode(), (
        "right after a wrong code, even the right one waits"
    )


def test_next_must_stay_on_this_site(client):
    user = make_user("careful", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    form, device = setup_page(client, user)
    client.post("/accounts/two-factor/setup/", {**form, "code": current_code(device)})
    client.logout()
    log_in(client, user)
    response = client.get("/accounts/two-factor/?next=https://elsewhere.example/")
    assert 'value="/"' in response.content.decode()


def test_logout_everywhere_ends_other_sessions(client, django_user_model):
    from django.test import Client

    user = make_user("mobile", Role.READER)
    other = Client()
    log_in(client, user)
    log_in(other, user)
    assert other.get("/accounts/").status_code == 200
    response = client.post("/accounts/logout-everywhere/")
    assert response.status_code == 302
    assert other.get("/accounts/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/")["Location"].startswith("/accounts/login/")


def test_a_password_change_is_recorded_without_the_hash(client):
    from accord.core.models import ChangeRecord

    user = make_user("changer", Role.READER)
    log_in(client, user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long password 2",
            "new_password2": "another long password 2",
        },
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(user.pk)).latest("id")
    assert record.reason == "password changed" and record.after == {"password": "(changed)"}
    assert client.get("/accounts/").status_code == 200, "the session stays valid after one's own change"


def half_logged_in_with_a_device(client, username: str, role: str = Role.ADMINISTRATOR):
    """A user with an authenticator and recovery codes, whose session has passed only the password."""
    from accord.accounts.services import replace_recovery_codes
    from accord.core.audit import Actor

    user = make_user(username, role)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = replace_recovery_codes(user, actor=Actor.for_user(user))
    log_in(client, user)
    return user, codes


def recovery_codes_of(user) -> set[str]:
    from django_otp.plugins.otp_static.models import StaticToken

    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.LIAISON_OFFICER])
def test_the_password_alone_cannot_renew_the_recovery_codes(client, role):
    user, codes = half_logged_in_with_a_device(client, f"renewer-{role}", role)
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/?next=")
    assert recovery_codes_of(user) == set(codes), "the old codes stay, and no new one was shown"


def test_the_password_alone_cannot_create_recovery_codes_either(client):
    from django_otp.plugins.otp_static.models import StaticDevice

    user = make_user("no-device-yet", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    response = client.post("/accounts/two-factor/recovery-codes/")
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=")
    assert not StaticDevice.objects.filter(user=user).exists()


def test_the_password_alone_cannot_change_the_password(client):
    user, _codes = half_logged_in_with_a_device(client, "hijacked")
    new = "another long password 2"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/?next=")
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.check_password(new)


def test_the_password_alone_cannot_log_out_everywhere(client):
    from django.test import Client

    from tests.accounts.helpers import login_verified

    user, _codes = half_logged_in_with_a_device(client, "evicted")
    verified = Client()
    login_verified(verified, user)
    response = client.post("/accounts/logout-everywhere/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/?next=")
    user.refresh_from_db()
    assert user.session_epoch == 0
    assert verified.get("/accounts/").status_code == 200, "the owner's verified session goes on"


def test_the_account_page_waits_for_the_second_factor(client):
    half_logged_in_with_a_device(client, "curious")
    response = client.get("/accounts/")
    assert response["Location"] == "/accounts/two-factor/?next=/accounts/"


def second_factor_rows(user) -> tuple[int, int, int, int]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from accord.core.models import ChangeRecord

    return (
        TOTPDevice.objects.filter(user=user).count(),
        StaticDevice.objects.filter(user=user).count(),
        StaticToken.objects.filter(device__user=user).count(),
        ChangeRecord.objects.count(),
    )


def test_showing_the_setup_page_writes_nothing(client):
    user = make_user("looker", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    before = second_factor_rows(user)
    for _ in range(3):
        assert client.get("/accounts/two-factor/setup/").status_code == 200
    assert second_factor_rows(user) == before == (0, 0, 0, before[3])


def test_the_setup_page_shows_the_same_key_until_the_first_code_then_keeps_it(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("steady", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    form, device = setup_page(client, user)
    client.post("/accounts/two-factor/setup/", {**form, "code": "not a code"})
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    assert pending.key == device.key, "the key scanned is the key stored"
    _again, shown = setup_page(client, user)
    assert shown.key == pending.key


def test_a_forged_setup_key_is_refused_and_stores_nothing(client):
    user = make_user("forger", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    chosen = TOTPDevice(user=user, key="00" * 20)
    response = client.post(
        "/accounts/two-factor/setup/", {"setup_key": "00" * 20, "code": current_code(chosen)}
    )
    assert "expired" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_setting_up_and_renewing_codes_is_recorded_without_any_secret(client, settings):
    from accord.core.models import ChangeRecord

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user("recorded", Role.SECRETARIAT_OFFICER)
    log_in(client, user)
    form, device = setup_page(client, user)
    done = client.post("/accounts/two-factor/setup/", {**form, "code": current_code(device)})
    first = re.findall(r"<code>([0-9a-f]{4}(?:-[0-9a-f]{4}){2})</code>", done.content.decode())
    renewed = client.post("/accounts/two-factor/recovery-codes/")
    second = re.findall(r"<code>([0-9a-f]{4}(?:-[0-9a-f]{4}){2})</code>", renewed.content.decode())
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    assert recovery_codes_of(user) == set(second)
    replaced = ChangeRecord.objects.filter(
        object_type="accounts.user", object_id=str(user.pk), reason="recovery codes replaced"
    ).order_by("id")
    assert [(r.actor_name, r.before, r.after) for r in replaced] == [
        ("recorded", {"recovery_codes": 0}, {"recovery_codes": 10}),
        ("recorded", {"recovery_codes": 10}, {"recovery_codes": 10}),
    ]
    devices = ChangeRecord.objects.filter(object_type="otp_totp.totpdevice")
    assert [r.reason for r in devices.order_by("id")] == [
        "authenticator being set up",
        "authenticator confirmed",
    ]
    every_record = " ".join(str((r.before, r.after)) for r in ChangeRecord.objects.all())
    for secret in [device.key, *first, *second]:
        assert secret not in every_record
