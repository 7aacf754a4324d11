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
