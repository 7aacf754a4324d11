"""Figures: numbers with their scale, qualifier and unit in English and Russian; years, dates, times,
ordinals, ranges, percentages and numbers with no unit left out; each about its sentence's tag."""

from __future__ import annotations

import pytest

from accord.monitoring.understanding.doc import make_doc
from accord.monitoring.understanding.figures import find_figures
from accord.monitoring.understanding.shapes import Tag


def figures(text: str, language: str, tags=()) -> list[tuple[float, str, str, str]]:
    found = find_figures(make_doc(text, language), list(tags))
    return [(figure.value, figure.unit, figure.qualifier, figure.words) for figure in found]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("about 600 people", "en", (600, "people", "about", "about 600 people")),
        ("more than 30 channels", "en", (30, "channels", "more-than", "more than 30 channels")),
        ("320 million roubles", "en", (320_000_000, "roubles", "", "320 million roubles")),
        ("1,500 servicemen", "en", (1500, "servicemen", "", "1,500 servicemen")),
        ("около 600 человек", "ru", (600, "people", "about", "около 600 человек")),
        ("более 30 каналов", "ru", (30, "channels", "more-than", "более 30 каналов")),
        ("320 млн рублей", "ru", (320_000_000, "roubles", "", "320 млн рублей")),
        ("1 500 военнослужащих", "ru", (1500, "servicemen", "", "1 500 военнослужащих")),
        ("свыше 2 тонн наркотиков", "ru", (2, "tonnes", "more-than", "свыше 2 тонн")),
        ("over 4 tonnes of drugs", "en", (4, "tonnes", "more-than", "over 4 tonnes")),
        ("up to 1,000 troops", "en", (1000, "servicemen", "up-to", "up to 1,000 troops")),
        ("nearly 50 websites", "en", (50, "websites", "about", "nearly 50 websites")),
        ("порядка 100 интернет-ресурсов", "ru", (100, "websites", "about", "порядка 100 интернет-ресурсов")),
        ("до 40 учений", "ru", (40, "exercises", "up-to", "до 40 учений")),
        ("three thousand people", "en", (3000, "people", "", "three thousand people")),
        ("три тысячи человек", "ru", (3000, "people", "", "три тысячи человек")),
        ("5 тыс. задержанных", "ru", (5000, "detained", "", "5 тыс. задержанных")),
        ("изъято 2,5 кг героина", "ru", (2.5, "kilograms", "", "2,5 кг")),
        ("12 единиц оружия", "ru", (12, "weapons", "", "12 единиц оружия")),
        ("7 aircraft", "en", (7, "aircraft", "", "7 aircraft")),
    ],
)
def test_each_example_is_read(text, language, expected):
    assert figures(text, language) == [expected]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("In his 65th anniversary on 28.06.2019 at 10:30, Article 19 of the Charter.", "en"),
        ("18-летие ОДКБ и программа на 2021-2025 годы, Взаимодействие-2020.", "ru"),
        ("45% of people and 30 per cent of people agreed.", "en"),
        ("In November 2021, exercises are planned; in 2020 trainings were held.", "en"),
        ("Every year we conduct six to eight different trainings.", "en"),
        ("От 5 до 10 человек.", "ru"),
        ("The Treaty was signed in 1992 and 10 years later the Organization was created.", "en"),
    ],
)
def test_what_is_not_a_figure_is_left_out(text, language):
    assert figures(text, language) == []


def test_a_figure_is_about_the_operation_else_the_category_of_its_sentence():
    text = "During the operation Channel 4 tonnes of drugs were seized. Elsewhere 600 people gathered."
    channel = Tag("operation", "channel", "gazetteer", ("Channel",), ((21, 28),))
    drugs = Tag("category", "drug-trafficking", "rules:drug-trafficking/2", ("drugs",), ((43, 48),))
    found = find_figures(make_doc(text, "en"), [drugs, channel])
    assert [(figure.value, figure.about) for figure in found] == [(4, "channel"), (600, "")]
    only_category = find_figures(make_doc(text, "en"), [drugs])
    assert only_category[0].about == "drug-trafficking"
    assert only_category[0].span == (29, 37) and text[29:37] == "4 tonnes"
