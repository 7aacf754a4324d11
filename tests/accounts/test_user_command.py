"""``accord user``: access changes at the command line, with the same four eyes."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.four_eyes import change_access
from accord.accounts.models import AccessChangeRequest, Role, User
from accord.core.audit import Actor
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db


def test_request_clearance_waits_and_an_administrator_approves(capsys):
    reader = make_user("kaz-reader", Role.READER, state="KAZ", clearance=0)
    call_command("user", "request-clearance", "kaz-reader", "confidential", "--reason", "new duties")
    assert "waits for an administrator's approval" in capsys.readouterr().out
    request = AccessChangeRequest.objects.get(user=reader)
    assert (request.to_value, request.requested_by_name, request.reason) == ("2", "system:cli", "new duties")
    with pytest.raises(CommandError, match="cannot approve; a second one must"):
        call_command("user", "approve", str(request.pk))
    assert User.objects.get(pk=reader.pk).clearance == 0


def test_the_command_line_approves_what_an_administrator_asked(capsys):
    asker = Actor.for_user(make_user("asker", Role.ADMINISTRATOR))
    reader = make_user("raised", Role.READER, clearance=0)
    request = change_access(reader, actor=asker, clearance=3).requested[0]
    call_command("user", "--json", "requests")
    listed = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in listed["requests"]] == [request.pk]
    call_command("user", "approve", str(request.pk))
    assert f"Approved request #{request.pk}." in capsys.readouterr().out
    assert User.objects.get(pk=reader.pk).clearance == 3


def test_lowering_at_the_command_line_applies_at_once(capsys):
    officer = make_user("lowered", Role.SECRETARIAT_OFFICER, clearance=3)
    call_command("user", "change", "lowered", "--clearance", "restricted", "--role", "reader")
    officer.refresh_from_db()
    assert (officer.clearance, officer.role) == (1, Role.READER)
    assert "applied" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["change", "nobody", "--clearance", "secret"], "no user named 'nobody'"),
        (["change", "someone", "--state", "Atlantis"], "unknown state 'Atlantis'"),
        (["change", "someone", "--body", "no-such-body"], "unknown working body"),
        (["approve", "999999"], "there is no access change request #999999"),
    ],
)
def test_bad_input_is_one_line(arguments, message):
    make_user("someone", Role.READER)
    with pytest.raises(CommandError, match=message):
        call_command("user", *arguments)


def test_a_lost_second_factor_is_reset_at_the_command_line(client, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.core.models import ChangeRecord
    from tests.accounts.helpers import login_verified

    officer = make_user("lost-phone", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    assert TOTPDevice.objects.filter(user=officer).exists()
    call_command("user", "reset-second-factor", "lost-phone", "--reason", "phone lost")
    assert "Removed 1 second-factor device(s) of lost-phone" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=officer).exists()
    record = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(officer.pk)).latest("id")
    assert (record.reason, record.after["two_factor"]) == ("phone lost", False)
    assert "/login/" in client.get("/accounts/").url  # the old session ended


def test_the_operator_sets_a_password_on_the_record_without_the_hash(db):
    from accord.core.models import ChangeRecord

    user = make_user("forgetful")
    old_hash = user.password
    call_command("user", "set-password", "forgetful", "--password", "a new long passphrase 7")
    user.refresh_from_db()
    assert user.password != old_hash and user.check_password("a new long passphrase 7")
    record = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(user.pk)).last()
    assert record.reason == "password set at the command line"
    assert "argon2" not in str(record.before) + str(record.after)


def test_a_weak_password_is_refused_in_one_line(db):
    make_user("careless")
    with pytest.raises(CommandError, match="too short"):
        call_command("user", "set-password", "careless", "--password", "short")


@pytest.mark.parametrize("command", ["createsuperuser", "changepassword"])
def test_djangos_unrecorded_account_commands_are_replaced(command, capsys):
    from accord.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["accord", command, "root"])
    assert stopped.value.code == 2
    assert "use 'accord " in capsys.readouterr().err
