"""``accord createuser``: users with a role, an affiliation and a clearance, recorded."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import Role, User
from accord.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_create_a_liaison_officer(capsys):
    call_command(
        "createuser",
        "kaz-liaison",
        "--role",
        "liaison-officer",
        "--state",
        "Kazakhstan",
        "--clearance",
        "confidential",
        "--password",
        "correct horse battery staple",
    )
    user = User.objects.get(username="kaz-liaison")
    assert (user.role, user.affiliation_state.code, user.clearance) == (Role.LIAISON_OFFICER, "KAZ", 2)
    assert user.check_password("correct horse battery staple")
    assert "Two-factor login is required" in capsys.readouterr().out
    record = ChangeRecord.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert "password" not in record.after


def test_secretariat_is_the_default_affiliation():
    call_command("createuser", "clerk", "--role", "reader", "--password", "correct horse battery staple")
    assert User.objects.get(username="clerk").affiliation_body.key == "secretariat"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--role", "reader", "--state", "Atlantis"], "unknown state 'Atlantis'"),
        (["--role", "reader", "--password", "short"], "too short"),
        (
            ["--role", "reader", "--state", "KAZ", "--body", "joint-staff"],
            "either to a state or to a working body",
        ),
    ],
)
def test_bad_input(arguments, message):
    password = [] if "--password" in arguments else ["--password", "correct horse battery staple"]
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "someone", *arguments, *password)
