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


def test_a_secretariat_officer_belongs_to_the_secretariat_unless_told_otherwise():
    call_command(
        "createuser", "clerk", "--role", "secretariat-officer", "--password", "correct horse battery staple"
    )
    clerk = User.objects.get(username="clerk")
    assert (clerk.affiliation_body.key, clerk.clearance) == ("secretariat", 0), "the lowest clearance"


def test_a_liaison_officer_without_a_state_is_refused_not_made_a_secretariat_user():
    with pytest.raises(CommandError, match="state: a liaison officer belongs to a state") as refused:
        call_command(
            "createuser", "lost", "--role", "liaison-officer", "--password", "correct horse battery staple"
        )
    assert refused.value.returncode == 2
    assert not User.objects.filter(username="lost").exists()
    assert not ChangeRecord.objects.filter(object_type="accounts.user").exists()


@pytest.mark.parametrize("role", ["reader", "auditor", "crc-duty-officer"])
def test_a_missing_affiliation_is_an_error_for_roles_without_an_obvious_home(role):
    with pytest.raises(CommandError, match="state or body: say where the user belongs") as refused:
        call_command("createuser", "nowhere", "--role", role, "--password", "correct horse battery staple")
    assert refused.value.returncode == 2
    assert not User.objects.filter(username="nowhere").exists()


def test_a_liaison_officer_of_a_working_body_is_refused_too():
    with pytest.raises(CommandError, match="state: a liaison officer belongs to a state"):
        call_command(
            "createuser",
            "misplaced",
            "--role",
            "liaison-officer",
            "--body",
            "secretariat",
            "--password",
            "correct horse battery staple",
        )
    assert not User.objects.filter(username="misplaced").exists()


def test_the_service_refuses_a_liaison_officer_without_a_state_for_every_caller():
    from accord.accounts.services import AccountError, create_user
    from accord.core.audit import Actor

    with pytest.raises(AccountError, match="state: a liaison officer belongs to a state"):
        create_user(
            "elsewhere",
            "correct horse battery staple",
            role=Role.LIAISON_OFFICER,
            actor=Actor.system("test"),
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--role", "reader", "--state", "Atlantis"], "unknown state 'Atlantis'"),
        (["--role", "reader", "--body", "secretariat", "--password", "short"], "too short"),
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
