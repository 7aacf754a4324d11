"""Entities as tags: lexicon names, Russian NER confirming or adding places, implied states, posts."""

from __future__ import annotations

import pytest

from accord.monitoring.understanding.analysis import TAG_KINDS
from accord.monitoring.understanding.doc import make_doc
from accord.monitoring.understanding.entities import find_entities
from accord.monitoring.understanding.lexicon import shipped_lexicon


def tags_of(text: str, language: str):
    return find_entities(make_doc(text, language), shipped_lexicon())


def by_key(tags):
    return {(tag.kind, tag.key): tag for tag in tags}


def test_english_names_become_gazetteer_tags_with_their_words_and_spans():
    text = "The Secretary General said the CRRF trained in Tajikistan and in Tajikistan's Sughd region."
    tags = by_key(tags_of(text, "en"))
    assert tags[("post", "secretary-general")].rule == "gazetteer"
    assert tags[("formation", "crrf")].words == ("CRRF",)
    state = tags[("state", "TJK")]
    assert state.rule == "gazetteer" and len(state.spans) == 2
    start, stop = state.spans[0]
    assert text[start:stop] == "Tajikistan"
    assert all(tag.kind in TAG_KINDS for tag in tags.values())
    assert all(tag.rule != "ner" for tag in tags.values())  # English has no model here


def test_a_place_implies_its_state_unless_the_state_is_named():
    tags = by_key(tags_of("Shooting was heard near Osh and in Dushanbe, Tajikistan.", "en"))
    assert tags[("state", "KGZ")].rule == "place:osh"
    assert tags[("state", "KGZ")].words == ("Osh",)
    assert tags[("state", "TJK")].rule == "gazetteer"


def test_organizations_are_tagged():
    tags = by_key(tags_of("The UN and the OSCE welcomed it.", "en"))
    assert ("organization", "un") in tags and ("organization", "osce") in tags
    tags = by_key(tags_of("Наблюдатели ОБСЕ и представители ООН.", "ru"))
    assert ("organization", "osce") in tags and ("organization", "un") in tags


def test_russian_ner_confirms_known_places_and_keeps_unknown_ones():
    text = "Генеральный секретарь ОДКБ Станислав Зась прибыл в Душанбе, а затем посетил посёлок Шуроабад."
    tags = by_key(tags_of(text, "ru"))
    assert tags[("place", "dushanbe")].rule == "ner+gazetteer"
    assert tags[("state", "TJK")].rule == "place:dushanbe"
    assert tags[("post", "secretary-general")].rule == "gazetteer"
    unknown = [tag for tag in tags.values() if tag.rule == "ner"]
    assert [tag.kind for tag in unknown] == ["place"]
    assert unknown[0].key == "шуроабад" and unknown[0].score < 1


def test_persons_never_become_tags():
    text = "Генеральный секретарь ОДКБ Станислав Зась встретился с Сергеем Лавровым в Москве."
    tags = tags_of(text, "ru")
    words = " ".join(word for tag in tags for word in tag.words)
    assert "Зась" not in words and "Лавров" not in words
    assert not any("зась" in tag.key or "лавров" in tag.key for tag in tags)
    assert ("place", "moscow") in by_key(tags)


def test_a_training_year_is_tagged_as_its_series():
    tags = by_key(tags_of("В Киргизии начались учения «Рубеж-2019» и «Поиск-2018».", "ru"))
    assert ("training", "rubezh") in tags and ("training", "search") in tags
    assert ("state", "KGZ") in tags


@pytest.mark.django_db
def test_an_area_of_interest_is_a_place_implying_each_of_its_states():
    from accord.monitoring.understanding.lexicon import current_lexicon

    text = "Tension on the Tajik-Afghan border grows; Afghanistan is unstable."
    tags = by_key(find_entities(make_doc(text, "en"), current_lexicon()))
    assert tags[("place", "tajik-afghan-border")].words == ("Tajik-Afghan border",)
    assert ("region", "tajik-afghan-border") not in tags
    assert tags[("state", "TJK")].rule == "place:tajik-afghan-border"
    assert tags[("state", "AFG")].rule == "gazetteer"  # the text names Afghanistan itself
    russian = by_key(
        find_entities(make_doc("Обстановка на таджикско-афганской границе.", "ru"), current_lexicon())
    )
    assert russian[("place", "tajik-afghan-border")].rule in {"gazetteer", "ner+gazetteer"}
    assert {russian[("state", code)].rule for code in ("TJK", "AFG")} == {"place:tajik-afghan-border"}
