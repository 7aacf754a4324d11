"""The record of changes: written with every change, chained by hash, and checked."""

from __future__ import annotations

import pytest

from accord.core.audit import Actor, delete_with_record, save_with_record, verify_chain
from accord.core.models import ChangeRecord, Source

pytestmark = pytest.mark.django_db


def test_save_records_who_what_before_and_after(actor):
    source = Source(key="test-source")
    assert save_with_record(source, actor=actor, reason="testing", fields={"title": "A"})
    assert save_with_record(source, actor=actor, fields={"title": "B"})
    create, update = ChangeRecord.objects.filter(
        object_type="core.source", object_id=str(source.pk)
    ).order_by("id")
    assert (create.action, create.before, create.after["title"], create.reason) == (
        "create",
        None,
        "A",
        "testing",
    )
    assert (update.before["title"], update.after["title"]) == ("A", "B")
    assert update.actor_name == "system:tests"


def test_saving_identical_values_records_nothing(actor):
    source = Source(key="same")
    save_with_record(source, actor=actor, fields={"title": "A"})
    count = ChangeRecord.objects.count()
    assert not save_with_record(source, actor=actor, fields={"title": "A"})
    assert ChangeRecord.objects.count() == count


def test_delete_records_the_last_values(actor):
    source = Source(key="gone")
    save_with_record(source, actor=actor, fields={"title": "A"})
    delete_with_record(source, actor=actor, reason="cleanup")
    record = ChangeRecord.objects.order_by("-id").first()
    assert (record.action, record.before["title"], record.after) == ("delete", "A", None)
    assert not Source.objects.filter(key="gone").exists()


def test_a_change_record_needs_the_transaction_of_its_change(actor, monkeypatch):
    from types import SimpleNamespace

    from accord.core.audit import record_change

    # Stand in for a connection outside any transaction, without touching the real one.
    monkeypatch.setattr(
        "accord.core.audit.connection", SimpleNamespace(in_atomic_block=False, vendor="sqlite")
    )
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        record_change(actor=actor, action="update", instance=Source.objects.first(), before={}, after={})


def test_the_chain_is_intact_after_loading():
    report = verify_chain()
    assert report.intact
    assert report.checked == ChangeRecord.objects.count() > 250


def test_an_altered_record_breaks_the_chain():
    victim = ChangeRecord.objects.order_by("id")[10]
    ChangeRecord.objects.filter(pk=victim.pk).update(reason="rewritten")
    report = verify_chain()
    assert not report.intact
    assert report.broken_at == victim.pk
    assert report.problem == "its content does not match its hash"


def test_a_removed_record_breaks_the_chain():
    records = list(ChangeRecord.objects.order_by("id")[:12])
    ChangeRecord.objects.filter(pk=records[10].pk).delete()
    report = verify_chain()
    assert not report.intact
    assert report.broken_at == records[11].pk
    assert report.problem == "its link does not match the record before it"


def test_the_user_actor_carries_the_user(django_user_model):
    user = django_user_model.objects.create(username="officer")
    actor = Actor.for_user(user)
    assert (actor.name, actor.user) == ("officer", user)


# --- No secret in a snapshot -------------------------------------------------------------------

# Words that, in a field's name, suggest it may hold a secret. Every such field must be declared
# secret on its model (or, for another project's model, by the app that uses it) or be listed
# below with the reason it is not one.
SECRET_WORDS = {
    "password",
    "passwd",
    "secret",
    "hash",
    "key",
    "keys",
    "token",
    "tokens",
    "otp",
    "totp",
    "code",
    "codes",
    "salt",
    "sha",
    "sha1",
    "sha256",
    "private",
    "credential",
    "credentials",
    "recovery",
    "session",
    "nonce",
    "seed",
    "pin",
}
SECRET_FRAGMENTS = ("password", "secret", "token", "hash", "session_data")

NOT_SECRET = {
    ("forces.formation", "key"): "a formation's slug, e.g. 'crrf'",
    ("response.deployment", "key"): "a deployment's slug, the request's and the formation's keys",
    ("response.consultation", "session"): "the session the consultation is (a link, not a session key)",
    ("response.crisis", "key"): "a crisis's slug, e.g. 'border-2026'",
    (
        "charter.assistancebasis",
        "key",
    ): "a basis of requests for assistance' slug in the charter file, e.g. 'article-4'",
    ("forces.trainingseries", "key"): "a training series' slug, e.g. 'cobalt'",
    ("forces.training", "key"): "a training's slug in the trainings data file, e.g. 'cobalt-2020'",
    ("forces.trainingchange", "file_key"): "the slug of a change in the trainings data file",
    # Public identifiers: the slug a record is known by in files, URLs and the CLI.
    ("core.source", "key"): "the source's slug, e.g. 'csto-charter-2002'",
    ("response.delivery", "key"): "a shipped delivery's slug in the deliveries data file, e.g. "
    "'kgz-2019-radar-stations'",
    ("charter.organization", "key"): "the organization's slug",
    ("charter.region", "key"): "a region's slug",
    ("charter.areaofinterest", "key"): "an area of interest's slug, e.g. 'tajik-afghan-border'",
    ("charter.body", "key"): "a body's slug, e.g. 'secretariat'",
    ("charter.rotationrule", "key"): "a rotation rule's slug",
    ("charter.post", "key"): "a post's slug, e.g. 'secretary-general'",
    ("charter.admissioncriterion", "key"): "a criterion's slug",
    ("charter.statusright", "key"): "a right's slug",
    ("charter.instrument", "key"): "an instrument's slug",
    ("charter.statefact", "key"): "a fact's slug",
    ("forces.operationtype", "key"): "a type of operation's slug, e.g. 'mercenary'",
    ("forces.indicator", "key"): "an indicator's slug, e.g. 'websites-blocked'",
    ("forces.operation", "key"): "an operation's slug, e.g. 'mercenary-2019'",
    ("forces.operationphase", "key"): "a phase's slug within its operation, e.g. 'main'",
    ("decisions.document", "key"): "a document's slug from the decisions file",
    ("decisions.session", "key"): "a session's slug from the decisions file",
    ("crisis.series", "key"): "a series' name, e.g. 'covid.cases'",
    ("forces.contribution", "key"): "a contribution's slug from the forces data file",
    ("forces.partnerorganization", "key"): "a partner organization's slug, e.g. 'osce'",
    ("forces.agreement", "key"): "an agreement's slug from the cooperation file",
    ("forces.jointevent", "key"): "a joint event's slug from the cooperation file",
    ("forces.personneltraining", "key"): "a training figure's slug from the personnel file",
    ("charter.state", "code"): "the ISO 3166 alpha-3 code of a state",
    ("auth.permission", "codename"): "Django's name of a permission",
    # A meeting of a body, not a login session.
    ("decisions.document", "session"): "the session of a body that adopted the document",
    ("decisions.participant", "session"): "the session of a body",
    ("decisions.agendaitem", "session"): "the session of a body",
    ("decisions.minutes", "session"): "the session of a body",
    # A counter raised by "log out everywhere": knowing it forges nothing (sessions are keyed).
    ("accounts.user", "session_epoch"): "how many times every session of the user was ended",
    # Checksums of public content: the chain's links and the files that were loaded.
    ("core.changerecord", "hash"): "the chain's link over the record's content",
    ("core.changerecord", "previous_hash"): "the link to the record before",
    ("core.chainhead", "last_hash"): "the newest link of the chain",
    ("core.source", "content_sha256"): "the checksum of a loaded file",
    ("core.run", "sha256"): "the checksum of an imported file",
    ("crisis.situationreport", "html_sha256"): "the checksum of the stored report, for its readers to check",
    ("crisis.situationreport", "pdf_sha256"): "the checksum of the stored report, for its readers to check",
    ("core.filerow", "natural_key"): "the key a data file names a row by (codes, dates, names)",
    ("core.filerow", "values_sha256"): "the checksum of the values a data file gave a row",
    ("core.filerow", "file_sha256"): "the checksum of a loaded file",
    ("charter.statuskind", "key"): "the status a definition is for (member, frozen …)",
    ("charter.statestatus", "decision_key"): "the source key of the decision that granted a status",
    ("crisis.notificationpreference", "series_keys"): "the daily series a user wants to be told of",
    ("response.request", "key"): "a request's readable key, e.g. 'tjk-2026-001'",
    ("monitoring.item", "error_code"): "why an item could not be read, e.g. 'too-large'",
    ("monitoring.item", "exact_key"): "the fingerprint of an item's text, to find copies",
    ("monitoring.item", "signature"): "the MinHash values of an item's text, to find near-copies",
    ("monitoring.itemtag", "key"): "what a tag names, e.g. 'TJK' or 'terrorism'",
    ("monitoring.storytag", "key"): "what a story's tag names, e.g. 'TJK' or 'terrorism'",
    ("monitoring.source", "key"): "a media source's slug, e.g. 'demo-csto-texts'",
}
# A JSON list of the Source keys a fact comes from (any model may carry one).
NOT_SECRET_NAMES = {"source_keys": "the sources a fact comes from"}


def name_suggests_secret(name: str) -> bool:
    """Whether a field's name hints at a secret (``secret_hash``, ``key``, ``session_data`` …)."""
    lowered = name.lower()
    return bool(set(lowered.split("_")) & SECRET_WORDS) or any(part in lowered for part in SECRET_FRAGMENTS)


def every_model():
    from django.apps import apps

    return apps.get_models()


@pytest.mark.parametrize("model", every_model(), ids=lambda model: model._meta.label_lower)
def test_no_declared_secret_enters_a_snapshot(model):
    from accord.core.audit import secret_fields, snapshot

    declared = secret_fields(model)
    for name in declared:
        model._meta.get_field(name)  # a declaration names a real field
    hidden = declared | {model._meta.get_field(name).attname for name in declared}
    assert not hidden & set(snapshot(model())), f"{model._meta.label_lower}: a secret entered a snapshot"


@pytest.mark.parametrize("model", every_model(), ids=lambda model: model._meta.label_lower)
def test_every_field_that_sounds_secret_is_declared_or_explained(model):
    from accord.core.audit import secret_fields

    label = model._meta.label_lower
    declared = secret_fields(model)
    unexplained = [
        field.name
        for field in model._meta.concrete_fields
        if name_suggests_secret(field.name)
        and field.name not in declared
        and (label, field.name) not in NOT_SECRET
        and field.name not in NOT_SECRET_NAMES
    ]
    assert not unexplained, (
        f"{label}: {unexplained} may hold secrets: declare them in secret_fields, "
        "or explain in NOT_SECRET why they are not"
    )


def test_the_allow_list_names_real_fields():
    from django.apps import apps

    for label, name in NOT_SECRET:
        apps.get_model(label)._meta.get_field(name)


def test_the_secrets_of_users_tokens_and_second_factors_are_declared():
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.accounts.models import ApiToken, User
    from accord.core.audit import secret_fields

    assert "password" in secret_fields(User)
    assert "secret_hash" in secret_fields(ApiToken)
    assert "key" in secret_fields(TOTPDevice)
    assert "token" in secret_fields(StaticToken)
    assert {"session_key", "session_data"} <= secret_fields(Session)


def test_logging_out_everywhere_leaves_no_password_hash_in_the_record(client):
    import json

    from accord.accounts.models import Role
    from tests.accounts.helpers import login_verified, make_user

    user = make_user("leaving", Role.SECRETARIAT_OFFICER)
    login_verified(client, user)
    assert client.post("/accounts/logout-everywhere/").status_code == 302
    record = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(user.pk)).latest("id")
    assert record.reason == "logged out everywhere"
    stored = json.dumps([record.before, record.after])
    assert "password" not in stored
    assert user.password not in stored and "argon2" not in stored


def test_a_saved_user_snapshot_holds_no_password_hash():
    from accord.accounts.models import Role
    from accord.core.audit import snapshot
    from tests.accounts.helpers import make_user

    user = make_user("hashed", Role.READER)
    assert "password" not in snapshot(user)
    assert user.password not in str(snapshot(user))
