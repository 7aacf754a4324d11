"""The lexicon: names found by their lemmas in Russian and English, common words left alone."""

from __future__ import annotations

import pickle

import pytest

from accord.monitoring.understanding import datafiles
from accord.monitoring.understanding.doc import make_doc
from accord.monitoring.understanding.lexicon import (
    NameRow,
    PlaceInfo,
    build_lexicon,
    current_lexicon,
    shipped_lexicon,
)


def found(text: str, language: str, lexicon=None) -> set[tuple[str, str]]:
    doc = make_doc(text, language)
    return {(match.kind, match.key) for match in (lexicon or shipped_lexicon()).match(doc)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Учения прошли в Таджикистане.", ("state", "TJK")),
        ("Военные Киргизии прибыли.", ("state", "KGZ")),
        ("Делегация из Белоруссии.", ("state", "BLR")),
        ("Это решение РФ.", ("state", "RUS")),
        ("Учения прошли в Согдийской области.", ("place", "sughd")),
        ("Учения прошли под Душанбе.", ("place", "dushanbe")),
        ("Колонна стоит под Ошем.", ("place", "osh")),
        ("Встреча под Минском.", ("place", "minsk")),
        ("в Горно-Бадахшанской автономной области", ("place", "gorno-badakhshan")),
        ("Ситуация в ГБАО.", ("place", "gorno-badakhshan")),
        ("Саммит в Алма-Ате.", ("place", "almaty")),
        ("Отдых на Иссык-Куле.", ("place", "issyk-kul")),
        ("Застава на реке Пяндж.", ("place", "pyanj")),
        ("Сборы в Баткенской области.", ("place", "batken-region")),
        ("Стрельбы в Сюникской области.", ("place", "syunik")),
        ("Начало учений «Взаимодействие-2018».", ("training", "interaction")),
        ("Учения «Нерушимое братство-2019» прошли.", ("training", "indestructible-brotherhood")),
        ("Итоги операции «Канал».", ("operation", "channel")),
        ("Доклад КСОР.", ("formation", "crrf")),
        ("Коллективные силы оперативного реагирования готовы.", ("formation", "crrf")),
        ("Генеральный секретарь выступил.", ("post", "secretary-general")),
        ("Сессия Совета коллективной безопасности.", ("body", "csc")),
        ("Представители ОБСЕ и ООН.", ("organization", "osce")),
        ("Представители ОБСЕ и ООН.", ("organization", "un")),
        ("Заявление ОДКБ.", ("organization", "csto")),
    ],
)
def test_russian_names_are_found_in_any_form(text, expected):
    assert expected in found(text, "ru")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops arrived in Tajikistan.", ("state", "TJK")),
        ("A delegation of the Kyrgyz Republic came.", ("state", "KGZ")),
        ("A delegation of Kirghizia came.", ("state", "KGZ")),
        ("The Collective Rapid Reaction Forces trained.", ("formation", "crrf")),
        ("The CRRF trained.", ("formation", "crrf")),
        ('The exercise "Interaction-2019" began.', ("training", "interaction")),
        ("Indestructible Brotherhood was held in Kyrgyzstan.", ("training", "indestructible-brotherhood")),
        ("Then the Cobalt exercise began.", ("training", "cobalt")),
        ("They met in Alma-Ata and in Nur-Sultan.", ("place", "almaty")),
        ("They met in Alma-Ata and in Nur-Sultan.", ("place", "astana")),
        ("The Secretary General spoke.", ("post", "secretary-general")),
        ("The Deputy Secretary General spoke.", ("post", "deputy-secretary-general")),
        ("Work with the UN, OSCE, CIS, SCO and others.", ("organization", "cis")),
        ("Kazakhstan's position.", ("state", "KAZ")),
        ("Operation Channel results were announced.", ("operation", "channel")),
    ],
)
def test_english_names_are_found(text, expected):
    assert expected in found(text, "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Rescuers continued a search for survivors.", "en"),
        ("Search teams worked all night.", "en"),
        ("Продолжается поиск пострадавших.", "ru"),
        ("Поиск пострадавших продолжается.", "ru"),
        ("Взаимодействие ведомств улучшилось.", "ru"),
        ("Был перекрыт канал поставок.", "ru"),
        ("Об этом сообщил «Первый канал».", "ru"),
        ("The interaction of agencies improved.", "en"),
        ("A new channel of trafficking was found.", "en"),
    ],
)
def test_a_training_or_operation_named_by_a_common_word_needs_a_mark(text, language):
    kinds = {kind for kind, _ in found(text, language)}
    assert not kinds & {"training", "operation"}


def test_acronyms_are_found_only_in_capitals_and_adjectives_name_no_state():
    assert ("organization", "cis") not in found("Some cis and un words.", "en")
    assert not {kind for kind, _ in found("Russian and Kazakh troops, российские войска.", "en")} & {"state"}
    assert not {kind for kind, _ in found("Российские и казахстанские военные.", "ru")} & {"state"}
    assert ("state", "GEO") not in found("georgia on my mind", "en")


def test_the_longest_name_wins_and_matches_do_not_overlap():
    doc = make_doc(
        "The Deputy Secretary General of the UN Security Council met the Rostov region governor.", "en"
    )
    matches = shipped_lexicon().match(doc)
    keys = [(match.kind, match.key) for match in matches]
    assert ("post", "deputy-secretary-general") in keys and ("post", "secretary-general") not in keys
    assert ("organization", "un-security-council") in keys and ("organization", "un") not in keys
    assert ("place", "rostov-region") in keys and ("place", "rostov-on-don") not in keys
    covered = [index for match in matches for index in range(match.token_start, match.token_stop)]
    assert len(covered) == len(set(covered))


def test_a_lexicon_built_from_plain_rows_is_plain_data():
    rows = [
        NameRow("state", "TJK", "ru", "Таджикистан"),
        NameRow("place", "sughd", "ru", "Согдийская область"),
        NameRow("training", "search", "ru", "Поиск"),
    ]
    lexicon = build_lexicon(rows, [PlaceInfo("sughd", "region", "TJK", 40.0, 69.5)])
    copy = pickle.loads(pickle.dumps(lexicon))
    assert found("В Согдийской области Таджикистана прошли учения «Поиск-2018».", "ru", copy) == {
        ("state", "TJK"),
        ("place", "sughd"),
        ("training", "search"),
    }
    assert copy.state_of("sughd") == "TJK"


def test_every_listed_place_and_organization_is_found_by_each_of_its_names():
    lexicon = shipped_lexicon()
    missed = []
    for place in datafiles.places_file().places:
        for language in ("en", "ru"):
            for name in getattr(place.names, language):
                if ("place", place.key) not in found(f"Yesterday: {name} — ok.", language, lexicon):
                    missed.append(name)
    for organization in datafiles.organizations_file().organizations:
        for language in ("en", "ru"):
            for name in getattr(organization.names, language):
                if ("organization", organization.key) not in found(
                    f"Yesterday: {name} — ok.", language, lexicon
                ):
                    missed.append(name)
    assert missed == []


# Names pymorphy3 inflects wrongly (indeclinable, or guessed as another gender): their own forms are
# listed in places.yaml where the news use them.
BADLY_INFLECTED = ("марз", "Балыкчы", "Мулино", "Ляур", "Тавуш", "Джалал-Абадская")


@pytest.mark.parametrize("case", ["gent", "datv", "ablt", "loct"])
def test_every_russian_place_and_state_name_is_found_in_each_case(case):
    from accord.monitoring.understanding.doc import russian_morphology

    morphology = russian_morphology()
    names = [
        ("place", place.key, name) for place in datafiles.places_file().places for name in place.names.ru
    ]
    names += [("state", item.key, name) for item in datafiles.aliases_file().states for name in item.names.ru]
    missed = []
    for kind, key, name in names:
        if any(part in name for part in BADLY_INFLECTED):
            continue
        words = []
        for word in name.split():
            parse = morphology.parse(word.lower())[0]
            inflected = parse.inflect({case, "sing"}) if {"NOUN", "ADJF"} & set(parse.tag.grammemes) else None
            form = inflected.word if inflected and not word.isupper() else word
            words.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
        if (kind, key) not in found(f"Вчера в {' '.join(words)} было тихо.", "ru"):
            missed.append(" ".join(words))
    assert missed == []


@pytest.mark.django_db
def test_the_database_lexicon_has_every_charter_and_forces_record():
    from accord.charter.models import Body, Post, Region, State
    from accord.forces.models import Formation, OperationType, TrainingSeries

    lexicon = current_lexicon()
    assert set(State.objects.values_list("code", flat=True)) <= lexicon.keys("state")
    assert set(Region.objects.values_list("key", flat=True)) <= lexicon.keys("region")
    assert set(Body.objects.values_list("key", flat=True)) <= lexicon.keys("body")
    assert set(Post.objects.values_list("key", flat=True)) <= lexicon.keys("post")
    assert set(Formation.objects.values_list("key", flat=True)) <= lexicon.keys("formation")
    assert set(TrainingSeries.objects.values_list("key", flat=True)) <= lexicon.keys("training")
    assert set(OperationType.objects.values_list("key", flat=True)) <= lexicon.keys("operation")
    assert {"channel", "illegal", "mercenary", "proxy"} <= lexicon.keys("operation")
    assert {"interaction", "indestructible-brotherhood", "search", "cobalt", "rubezh"} <= lexicon.keys(
        "training"
    )
    assert ("place", "tajik-afghan-border") in found(
        "Обстановка на таджикско-афганской границе.", "ru", lexicon
    )
    assert ("region", "afghanistan") in found("Afghanistan is unstable.", "en", lexicon)
    assert ("region", "central-asian") in found(
        "Учения в Центрально-Азиатском регионе коллективной безопасности.", "ru", lexicon
    )
    assert ("body", "working-group-afghanistan") in found(
        "The Working Group on Afghanistan met.", "en", lexicon
    )
