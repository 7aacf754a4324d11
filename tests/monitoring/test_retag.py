"""Re-tagging after the rules change: saving a version queues the job, which gives the items taken in
under older rules the categories of the new ones (rule and words), replaces their old ones, moves
them to the version in force and brings their stories' tags along; batch by batch, one change record
each with no text in it; a second run does nothing."""

from __future__ import annotations

import json

import pytest

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.derived import Labels
from accord.core.models import ChangeRecord, Run
from accord.monitoring import stories
from accord.monitoring.jobs_retag import RUN_KIND, retag_job, retag_run_of
from accord.monitoring.models import Item, ItemTag, StoryTag
from accord.monitoring.retag import retag_items
from accord.monitoring.rules_services import save_rules
from accord.monitoring.understanding.rulebook import shipped_rules_text
from tests.accounts.helpers import login_verified, make_user
from tests.core.test_jobs import run_worker_once
from tests.monitoring.factory import ACTOR, make_item, make_source

pytestmark = pytest.mark.django_db
CARDER_TEXT = "Police in Almaty detained a carder who sold stolen bank card numbers online."
QUIET_TEXT = "The council approved the plan of consultations for the next year."
RETAGGED = "items re-tagged under rules"


@pytest.fixture(autouse=True)
def fresh_knowledge():
    from accord.monitoring.understanding.knowledge import forget

    forget()
    yield
    forget()


def carders_are_it_crime() -> str:
    return shipped_rules_text().replace("hacker, hackers,", "hacker, hackers, carder,")


def placed(external_id: str, text: str, tags=(), source_key: str = "retag-wire", **labels) -> Item:
    """An item taken in under the shipped rules (version 0) with these tags, in a story of its own."""
    source = make_source(source_key, **({"labels": Labels(**labels)} if labels else {}))
    item = make_item(source, external_id, title=external_id.replace("-", " "), text=text, tags=tags)
    stories.place(item, actor=ACTOR)
    item.refresh_from_db()
    return item


def categories(item: Item) -> dict[str, ItemTag]:
    return {tag.key: tag for tag in ItemTag.objects.filter(item=item, kind="category")}


def story_tags(item: Item) -> dict[tuple[str, str], int]:
    return dict(
        ((kind, key), n)
        for kind, key, n in StoryTag.objects.filter(story_id=item.story_id).values_list(
            "kind", "key", "items"
        )
    )


def test_new_rules_reach_the_items_already_in_and_their_stories():
    # Tagged terrorism by older rules, though its text says nothing of it; it names a state.
    carder = placed("carder-news", CARDER_TEXT, tags=[("category", "terrorism"), ("state", "KAZ")])
    quiet = placed("quiet-news", QUIET_TEXT)
    assert story_tags(carder) == {("category", "terrorism"): 1, ("state", "KAZ"): 1}

    version = save_rules(carders_are_it_crime(), "carders are IT crime", actor=Actor.system("tests"))
    run = retag_run_of(version.number)
    assert run is not None and run.kind == RUN_KIND and run.status == Run.Status.QUEUED
    run_worker_once()
    run.refresh_from_db()
    assert run.status == Run.Status.COMPLETE, run.messages
    assert (run.updated, run.unchanged) == (1, 1)
    assert (run.done, run.total) == (2, 2)

    found = categories(carder)
    assert set(found) == {"it-crime"}  # the old category is gone, the new one came with the new rule
    assert found["it-crime"].rule == "rules:it-crime/1" and found["it-crime"].words == ["carder"]
    assert ItemTag.objects.filter(item=carder, kind="state", key="KAZ").exists()  # other kinds stay
    assert story_tags(carder) == {("category", "it-crime"): 1, ("state", "KAZ"): 1}
    profile_tags = carder.story.__class__.objects.get(pk=carder.story_id).profile["tags"]
    assert profile_tags == {"category:it-crime": 1, "state:KAZ": 1}
    assert not categories(quiet)
    assert set(Item.objects.filter(pk__in=[carder.pk, quiet.pk]).values_list("rules_version", flat=True)) == {
        1
    }

    records = ChangeRecord.objects.filter(reason__contains=RETAGGED)
    assert records.count() == 1
    record = records.get()
    assert record.object_type == "monitoring.rulesversion" and record.object_id == str(version.pk)
    assert record.before["items"][str(carder.pk)] == {"rules_version": 0, "categories": ["terrorism"]}
    assert record.after["items"][str(carder.pk)] == {"rules_version": 1, "categories": ["it-crime"]}
    dumped = json.dumps([record.before, record.after])
    assert "carder who sold" not in dumped and "Almaty" not in dumped  # keys only, never the text

    again = retag_job.submit(Actor.system("tests"))
    run_worker_once()
    again.refresh_from_db()
    assert again.status == Run.Status.COMPLETE, again.messages
    assert (again.updated, again.unchanged) == (0, 0)
    assert records.count() == 1  # nothing done, nothing recorded
    assert set(categories(carder)) == {"it-crime"}


def test_batches_of_one_labelling_each_with_one_record():
    save_rules(carders_are_it_crime(), "carders are IT crime", actor=Actor.system("tests"))
    public = [placed(f"carder-{number}", CARDER_TEXT) for number in range(3)]
    secret = placed("carder-secret", CARDER_TEXT, source_key="retag-secret", classification=2)
    done = retag_items(actor=Actor.system("tests"), batch=2)
    assert (done.items, done.changed, done.batches) == (4, 4, 3)
    records = ChangeRecord.objects.filter(reason__contains=RETAGGED).order_by("id")
    assert records.count() == 3
    labelled = {record.after["classification"]: set(record.after["items"]) for record in records}
    assert labelled[2] == {str(secret.pk)}  # the secret item's record carries its labels, alone
    assert all(set(categories(item)) == {"it-crime"} for item in [*public, secret])
    assert retag_items(actor=Actor.system("tests")).items == 0


def test_a_copy_is_left_alone_and_the_shipped_rules_retag_nothing():
    original = placed("carder-original", CARDER_TEXT)
    assert retag_items(actor=Actor.system("tests")).items == 0  # version 0 in force: none is older
    copy = make_item(make_source("retag-wire"), "carder-copy", text=CARDER_TEXT)
    copy.status, copy.duplicate_of = Item.Status.DUPLICATE, original
    copy.save()
    save_rules(carders_are_it_crime(), "carders are IT crime", actor=Actor.system("tests"))
    assert retag_items(actor=Actor.system("tests")).items == 1
    assert not categories(copy) and Item.objects.get(pk=copy.pk).rules_version == 0


def test_the_rules_page_says_the_items_are_being_retagged_with_a_link_to_the_run(client):
    login_verified(client, make_user("retag-duty", Role.CRC_DUTY_OFFICER))
    answer = client.post(
        "/monitoring/rules/",
        {"action": "save", "text": carders_are_it_crime(), "note": "carders are IT crime"},
        follow=True,
    )
    page = answer.content.decode()
    run = retag_run_of(1)
    assert run is not None and run.actor_user.username == "retag-duty"
    assert "being re-tagged" in page and f'href="/crisis/runs/{run.pk}/"' in page
