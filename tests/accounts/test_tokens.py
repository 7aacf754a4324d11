"""API tokens: shown once, stored hashed, scoped, expiring, revocable; a national centre pushes records."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from accord.accounts.models import ApiToken, Role
from accord.accounts.tokens import TokenError, create_token, revoke_token
from accord.charter.models import InstrumentParticipant
from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def ratification(state: str = "KAZ", on: str = "2020-03-01") -> dict:
    return {"instrument": "partners-observers", "state": state, "on": on, "source": "National centre report"}


def test_a_token_is_stored_hashed_and_shown_once(actor):
    user = make_user("centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "KAZ centre", ["decisions:document:view"], 30 * DAY, actor=actor)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    secret_part = issued.secret.split("_", 2)[2]
    assert stored.secret_hash == hashlib.sha256(secret_part.encode()).hexdigest()
    assert secret_part not in str(ChangeRecord.objects.filter(object_type="accounts.apitoken").values())


def test_a_liaison_officer_pushes_their_states_ratification_with_a_token(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "KAZ centre", ["charter:instrumentparticipant:change"], 30 * DAY, actor=actor)
    response = client.post(
        "/api/v1/charter/ratifications",
        ratification(),
        content_type="application/json",
        **bearer(issued.secret),
    )
    assert response.status_code == 201, response.content
    assert (
        InstrumentParticipant.objects.get(
            state__code="KAZ", instrument__key="partners-observers"
        ).ratified_on.isoformat()
        == "2020-03-01"
    )
    change = ChangeRecord.objects.filter(object_type="charter.instrumentparticipant").order_by("-id").first()
    assert change.actor_name == "kaz-centre" and change.actor_user == user


def test_a_liaison_officer_cannot_record_another_states_ratification(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "KAZ centre", ["charter:instrumentparticipant:change"], 30 * DAY, actor=actor)
    response = client.post(
        "/api/v1/charter/ratifications",
        ratification("TJK"),
        content_type="application/json",
        **bearer(issued.secret),
    )
    assert response.status_code == 403


def test_a_token_without_the_scope_is_refused(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "reader", ["decisions:document:view"], 30 * DAY, actor=actor)
    response = client.post(
        "/api/v1/charter/ratifications",
        ratification(),
        content_type="application/json",
        **bearer(issued.secret),
    )
    assert response.status_code == 403
    assert "does not have the scope charter:instrumentparticipant:change" in response.json()["detail"]


def test_a_token_needs_the_view_scope_to_list_documents(client, actor):
    user = make_user("kaz-writer", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "writer", ["decisions:document:add"], 30 * DAY, actor=actor)
    assert client.get("/api/v1/decisions/documents", **bearer(issued.secret)).status_code == 403


def test_expired_and_revoked_tokens_are_refused(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    expired = create_token(user, "old", ["decisions:document:view"], 30 * DAY, actor=actor)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - DAY)
    assert client.get("/api/v1/decisions/documents", **bearer(expired.secret)).status_code == 401
    revoked = create_token(user, "lost", ["decisions:document:view"], 30 * DAY, actor=actor)
    assert client.get("/api/v1/decisions/documents", **bearer(revoked.secret)).status_code == 200
    revoke_token(revoked.token.prefix, actor=actor, reason="laptop lost")
    assert client.get("/api/v1/decisions/documents", **bearer(revoked.secret)).status_code == 401


def test_a_malformed_or_guessed_token_is_refused_not_ignored(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "real", ["decisions:document:view"], 30 * DAY, actor=actor)
    prefix = issued.token.prefix
    for presented in ("nonsense", f"acc_{prefix}_wrongsecret", "acc_00000000_x"):
        assert client.get("/api/v1/decisions/documents", **bearer(presented)).status_code == 401


def test_a_non_ascii_token_with_a_valid_prefix_is_refused_with_401(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "real", ["decisions:document:view"], 30 * DAY, actor=actor)
    as_sent_over_http = "жжж".encode().decode("latin-1")  # what a WSGI server hands Django
    for presented in (
        "acc_abcd1234_жжж",
        f"acc_{issued.token.prefix}_жжж",
        f"acc_{issued.token.prefix}_{as_sent_over_http}",
        f"acc_{issued.token.prefix}_{issued.secret.split('_', 2)[2]}ж",
        f"acc_жжж_{issued.secret.split('_', 2)[2]}",
    ):
        response = client.get("/api/v1/decisions/documents", **bearer(presented))
        assert response.status_code == 401, presented


def test_a_tokens_use_is_noted_at_most_once_per_quarter_hour(client, actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(user, "real", ["decisions:document:view"], 30 * DAY, actor=actor)
    token = ApiToken.objects.filter(pk=issued.token.pk)
    assert token.get().last_used_at is None
    assert client.get("/api/v1/decisions/documents/count", **bearer(issued.secret)).status_code == 200
    first = token.get().last_used_at
    assert first is not None
    assert client.get("/api/v1/decisions/documents/count", **bearer(issued.secret)).status_code == 200
    assert token.get().last_used_at == first  # a read within the quarter hour writes nothing
    token.update(last_used_at=first - datetime.timedelta(minutes=16))
    assert client.get("/api/v1/decisions/documents/count", **bearer(issued.secret)).status_code == 200
    assert token.get().last_used_at > first


def test_token_rules(actor):
    user = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    with pytest.raises(TokenError, match="unknown scope 'everything'"):
        create_token(user, "x", ["everything"], DAY, actor=actor)
    with pytest.raises(TokenError, match="between one minute and one year"):
        create_token(user, "x", ["decisions:document:view"], 400 * DAY, actor=actor)


def test_only_administrators_issue_tokens():
    from django.core.exceptions import PermissionDenied

    officer = make_user("officer", Role.SECRETARIAT_OFFICER)
    with pytest.raises(PermissionDenied):
        create_token(officer, "mine", ["decisions:document:view"], DAY, actor=Actor.for_user(officer))


def test_token_commands(capsys):
    make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    call_command(
        "token",
        "create",
        "kaz-centre",
        "--name",
        "KAZ centre",
        "--scope",
        "decisions:document:view",
        "--days",
        "10",
    )
    output = capsys.readouterr().out
    secret = next(line for line in output.splitlines() if line.startswith("acc_"))
    token = ApiToken.objects.get(prefix=secret.split("_")[1])
    assert "cannot be shown again" in output
    call_command("token", "revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None
