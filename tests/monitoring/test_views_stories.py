"""The triage queue and a story's page: filters, order, pages, empty state, reasons of tags, the
triage form for the CRC only, refusals beside their field, and the steps of a verified story."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.core.audit import save_with_record
from accord.core.derived import Labels
from accord.monitoring.models import ItemTag, Story
from tests.accounts.helpers import login_verified, make_user
from tests.monitoring.factory import ACTOR, make_item, make_source, moment
from tests.monitoring.stories_factory import DAY, draft_report, make_story, simple_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    login_verified(client, make_user("duty", Role.CRC_DUTY_OFFICER))
    return client


@pytest.fixture
def reader_client(client):
    login_verified(client, make_user("reader", Role.READER, state="KAZ", clearance=1))
    return client


def test_the_queue_shows_new_stories_first_with_their_tags(officer_client):
    simple_story("old", triage="verified", note="ok", title_en="Verified one")
    simple_story("new", title_en="Fresh one", day=DAY - datetime.timedelta(days=3))
    simple_story("rel", triage="relevant", title_en="Relevant one", day=DAY + datetime.timedelta(days=1))
    page = officer_client.get("/monitoring/").content.decode()
    assert page.index("Fresh one") < page.index("Relevant one") < page.index("Verified one")
    assert 'title="KAZ">Kazakhstan</span>' in page and 'title="terrorism">Terrorism</span>' in page
    by_last_seen = officer_client.get("/monitoring/?sort=last-seen").content.decode()
    assert by_last_seen.index("Relevant one") < by_last_seen.index("Verified one")


def test_the_queue_filters_and_pages(officer_client):
    for number in range(30):
        simple_story(f"n{number}", title_en=f"Story number {number}", tags=[("state", "KGZ")])
    simple_story("t", title_en="Terror in Almaty", tags=[("state", "KAZ"), ("category", "terrorism")])
    assert "Terror in Almaty" in officer_client.get("/monitoring/?category=terrorism").content.decode()
    only_kgz = officer_client.get("/monitoring/?state=kgz").content.decode()
    assert "Terror in Almaty" not in only_kgz and "30 stories you may see" in only_kgz
    assert "page 1 of 2" in only_kgz
    assert officer_client.get("/monitoring/?state=KGZ&page=2").status_code == 200
    assert "Terror in Almaty" in officer_client.get("/monitoring/?q=almaty").content.decode()
    assert "No story you may see" in officer_client.get("/monitoring/?triage=verified").content.decode()
    assert "No story you may see" in officer_client.get("/monitoring/?faded=yes").content.decode()
    assert officer_client.get("/monitoring/?start=not-a-day").status_code == 200


def test_the_empty_queue_says_how_items_come_in(officer_client):
    page = officer_client.get("/monitoring/").content.decode()
    assert "No story yet" in page and 'href="/monitoring/sources/"' in page


def test_the_queue_hides_what_the_reader_may_not_see(reader_client):
    simple_story("secret", labels=Labels(3, "members-only"), title_en="Hidden matter")
    page = reader_client.get("/monitoring/").content.decode()
    assert "Hidden matter" not in page
    assert reader_client.get(f"/monitoring/stories/{Story.objects.get().pk}/").status_code == 404


def test_a_story_page_shows_the_reasons_figures_and_items(officer_client):
    source = make_source("tass")
    item = make_item(
        source,
        "ru-1",
        title="Задержаны подозреваемые",
        language="ru",
        published=moment(DAY),
        tags=[("state", "KAZ")],
        figures=[(3.0, "people", "terrorism")],
    )
    ItemTag.objects.create(
        item=item, kind="category", key="terrorism", rule="terrorism/2", words=["террористов", "terrorist"]
    )
    story = make_story([item])
    page = officer_client.get(f"/monitoring/stories/{story.pk}/").content.decode()
    assert "rule terrorism/2: «террористов», &#x27;terrorist&#x27;" in page
    assert "3 people" in page and f'href="/monitoring/items/{item.pk}/"' in page
    assert "Учения в Казахстане" in page and "Exercise in Kazakhstan" in page
    assert 'name="verdict"' in page


def test_a_reader_sees_the_triage_but_no_form(reader_client):
    story = simple_story(triage="not-relevant", note="a sports event")
    page = reader_client.get(f"/monitoring/stories/{story.pk}/").content.decode()
    assert "a sports event" in page and 'name="verdict"' not in page


def test_triage_through_the_page_and_a_refusal_beside_its_field(officer_client):
    story = simple_story()
    refused = officer_client.post(
        f"/monitoring/stories/{story.pk}/", {"action": "review", "verdict": "verified"}
    )
    assert refused.status_code == 200 and "a note is required" in refused.content.decode()
    done = officer_client.post(
        f"/monitoring/stories/{story.pk}/",
        {"action": "review", "verdict": "verified", "note": "two agencies"},
    )
    assert done.status_code == 302
    page = officer_client.get(done.url).content.decode()
    assert "The verdict is recorded." in page and "two agencies" in page
    assert "Cite in the report" in page and "Make an event on the map" in page


def test_citing_through_the_page(officer_client):
    story = simple_story(triage="verified", note="checked")
    report = draft_report()
    response = officer_client.post(
        f"/monitoring/stories/{story.pk}/", {"action": "cite", "report": report.pk, "citation_note": "wires"}
    )
    assert response.status_code == 302
    assert story.citations.get().note == "wires"


def test_a_merged_story_sends_to_the_one_it_joined(officer_client):
    kept = simple_story("kept")
    merged = simple_story("gone")
    save_with_record(merged, actor=ACTOR, fields={"merged_into": kept})
    response = officer_client.get(f"/monitoring/stories/{merged.pk}/")
    assert response.status_code == 302 and response.url == f"/monitoring/stories/{kept.pk}/"


def test_the_navigation_links_monitoring(officer_client):
    assert 'href="/monitoring/"' in officer_client.get("/monitoring/").content.decode()


def test_the_queue_in_russian_shows_the_russian_title(officer_client):
    from django.utils import translation

    simple_story(title_en="Exercise in Kazakhstan", title_ru="Учения в Казахстане")
    with translation.override("ru"):
        page = officer_client.get("/monitoring/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Учения в Казахстане" in page
    assert 'title="KAZ">Казахстан</span>' in page and 'title="terrorism">Терроризм</span>' in page


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Kazakhstan", "Tajik-Afghan border", "Drug trafficking", "Collective Security Council"]),
        (
            "ru",
            [
                "Казахстан",
                "Таджикско-афганская граница",
                "Незаконный оборот наркотиков",
                "Совет коллективной безопасности",
            ],
        ),
    ],
)
def test_a_story_page_names_its_tags_in_the_readers_language(officer_client, language, names):
    from django.utils import translation

    keys = [
        ("state", "KAZ"),
        ("place", "tajik-afghan-border"),
        ("category", "drug-trafficking"),
        ("body", "csc"),
    ]
    story = simple_story(tags=keys, triage="verified", note="checked")
    story.tags.create(kind="state", key="TJK", items=1)
    story.tags.create(kind="place", key="dushanbe", items=1)
    with translation.override(language):
        page = officer_client.get(f"/monitoring/stories/{story.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    for (kind, key), name in zip(keys, names, strict=True):
        assert f"<td>{name} <code>{key}</code></td>" in html, (kind, key, name)
        assert f"<td>{key}</td>" not in html
    assert '<option value="KAZ">' + names[0] + "</option>" in html
    assert f'<option value="tajik-afghan-border">{names[1]}</option>' in html


def test_a_story_page_shows_category_keys_when_the_rules_in_force_cannot_be_read(officer_client):
    from accord.monitoring.models import RulesVersion

    story = simple_story(tags=[("state", "KAZ"), ("category", "drug-trafficking")])
    broken = RulesVersion(number=1, text="# nothing\n", note="broken", saved_by="test")
    save_with_record(broken, actor=ACTOR, reason="a version that cannot be read")
    page = officer_client.get(f"/monitoring/stories/{story.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "<td>drug-trafficking</td>" in html
    assert "<td>Kazakhstan <code>KAZ</code></td>" in html
