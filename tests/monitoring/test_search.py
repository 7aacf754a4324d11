"""Search over items and stories: stems find inflected forms, results ranked and highlighted, and
nothing the user may not see is found or counted."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.access import SYSTEM_USER
from accord.core.derived import Labels
from accord.monitoring import search
from tests.accounts.helpers import login_verified, make_user
from tests.monitoring.factory import make_item, make_source, moment
from tests.monitoring.stories_factory import DAY, make_story

pytestmark = pytest.mark.django_db
SECRET = Labels(3, "members-only")


def test_a_russian_word_finds_its_inflected_forms():
    source = make_source("ria")
    make_item(source, "a", title="Итоги учений ОДКБ", text="Завершение совместных учений.", language="ru")
    make_item(source, "b", title="Погода", text="Солнечно.", language="ru")
    found = search.search_items(SYSTEM_USER, search.query_stems("учения"), {})
    assert [item.external_id for item in found] == ["a"]


def test_more_matched_words_rank_first_then_the_recent():
    source = make_source("wire")
    make_item(source, "one", text="Border guards on duty.", published=moment(DAY))
    make_item(source, "both", text="Border exercises and drills held.", published=moment("2026-11-01"))
    make_item(source, "recent", text="A new exercise.", published=moment("2026-11-25"))
    found = search.search_items(SYSTEM_USER, search.query_stems("exercises border"), {})
    assert [item.external_id for item in found] == ["both", "recent", "one"]


def test_matched_words_are_highlighted_and_the_text_escaped():
    shown = search.highlighted("<b>Учений</b> прошли", search.query_stems("учения"))
    assert shown == "&lt;b&gt;<mark>Учений</mark>&lt;/b&gt; прошли"


def test_a_secret_item_is_neither_found_nor_counted_for_a_reader(client):
    make_item(make_source("closed", labels=SECRET), "secret", title="Secret exercise", published=moment(DAY))
    make_item(make_source("open"), "public", title="Public exercise", published=moment(DAY))
    reader = make_user("reader", Role.READER, state="KAZ", clearance=1)
    assert [item.external_id for item in search.search_items(reader, ["exerci"], {})] == ["public"]
    login_verified(client, reader)
    page = client.get("/monitoring/search/?q=exercise").content.decode()
    assert "1 result you may see" in page and "Secret exercise" not in page
    assert "<mark>exercise</mark>" in page


def test_stories_are_found_through_their_items_and_filtered(client):
    source = make_source("tass")
    item = make_item(
        source,
        "ru",
        title="Учения в Таджикистане",
        text="Прошли учения.",
        language="ru",
        published=moment(DAY),
        tags=[("state", "TJK")],
    )
    story = make_story([item], title_en="Drills", title_ru="Манёвры")
    login_verified(client, make_user("duty", Role.CRC_DUTY_OFFICER))
    page = client.get("/monitoring/search/?q=учениях&kind=stories").content.decode()
    assert f"/monitoring/stories/{story.pk}/" in page
    assert (
        "Nothing you may see"
        in client.get("/monitoring/search/?q=учения&kind=stories&state=KAZ").content.decode()
    )
    assert (
        "Nothing you may see" in client.get("/monitoring/search/?q=учения&from=2026-12-01").content.decode()
    )


def test_the_empty_search_says_what_to_do(client):
    assert "Give one or more words" in client.get("/monitoring/search/").content.decode()
