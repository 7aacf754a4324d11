"""The category rules: inflected forms match one entry, exclusions hold, a tag names its rules and words,
entity tags imply categories, and a bad rules file is refused whole with its line and field."""

from __future__ import annotations

import pytest

from accord.core.ingest import InputFileError
from accord.monitoring.understanding.categories import find_categories
from accord.monitoring.understanding.doc import make_doc
from accord.monitoring.understanding.rulebook import parse_rules, shipped_rules_text
from accord.monitoring.understanding.shapes import Tag

SMALL = """
categories:
  - key: terrorism
    name: {en: Terrorism, ru: Терроризм}
    description: {en: Terrorism., ru: Терроризм.}
    rules:
      - id: "1"
        en: {any: [terrorists]}
        ru: {any: [террористов]}
      - id: "2"
        en: {any: [hostage-taking]}
        ru: {any: [захват заложников]}
  - key: drug-trafficking
    name: {en: Drugs, ru: Наркотики}
    description: {en: Drugs., ru: Наркотики.}
    threshold: 2
    rules:
      - id: "1"
        en: {any: [drugs], none: [film]}
        ru: {any: [наркотиков], none: [фильм]}
      - id: "2"
        en: {any: [seized], all: [heroin]}
        ru: {any: [изъято], all: [героин]}
      - id: channel
        tags: [operation:channel]
"""


@pytest.fixture(scope="module")
def small():
    return parse_rules(SMALL, file_name="small.yaml")


@pytest.fixture(scope="module")
def shipped():
    return parse_rules(shipped_rules_text(), file_name="rules.yaml")


def categories(text: str, language: str, rules, tags=()) -> dict[str, Tag]:
    return {tag.key: tag for tag in find_categories(make_doc(text, language), rules, list(tags))}


def test_inflected_forms_match_one_entry(small):
    for text in ("Террорист задержан.", "Задержаны двое террористов.", "Боролись с террористами."):
        assert "terrorism" in categories(text, "ru", small), text
    for text in ("A terrorist was held.", "Two terrorists were held."):
        assert "terrorism" in categories(text, "en", small), text
    assert categories("Захват заложников в школе.", "ru", small)["terrorism"].rule == "rules:terrorism/2"


def test_a_tag_names_every_rule_that_fired_and_the_words_as_written(small):
    tag = categories("Террористы устроили захват заложников.", "ru", small)["terrorism"]
    assert tag.kind == "category"
    assert tag.rule == "rules:terrorism/1+terrorism/2"
    assert tag.words == ("Террористы", "захват заложников")
    assert tag.score == 2.0
    text = "Террористы устроили захват заложников."
    assert [text[start:stop] for start, stop in tag.spans] == ["Террористы", "захват заложников"]


def test_a_threshold_needs_enough_weight_and_exclusions_hold(small):
    assert "drug-trafficking" not in categories("Police fought drugs.", "en", small)  # 1 < 2
    both = categories("Police fought drugs. They seized 4 kg of heroin.", "en", small)
    assert both["drug-trafficking"].rule == "rules:drug-trafficking/1+drug-trafficking/2"
    no_heroin = categories("Police fought drugs. They seized a car.", "en", small)
    assert "drug-trafficking" not in no_heroin  # rule 2 needs heroin in the same sentence
    film = categories("A film about drugs. They seized 4 kg of heroin.", "en", small)
    assert "drug-trafficking" not in film  # the film review does not count


def test_an_entity_tag_implies_its_category(small):
    channel = Tag("operation", "channel", "gazetteer", ("Канал",), ((0, 5),))
    tag = categories("«Канал» изъято героина.", "ru", small, [channel])["drug-trafficking"]
    assert tag.rule == "rules:drug-trafficking/2+drug-trafficking/channel"
    assert "Канал" in tag.words


def test_the_shipped_rules_read_news_with_care(shipped):
    found = categories(
        "The CSTO stepped up the fight against terrorism, drugs and illegal migration.", "en", shipped
    )
    assert {"terrorism", "drug-trafficking", "illegal-migration"} <= set(found)
    assert "armed-conflict" not in categories("The collective security system was discussed.", "en", shipped)
    criteria = "Partners must meet the criteria: not to be in a state of armed conflict with other states."
    assert "armed-conflict" not in categories(criteria, "en", shipped)
    assert "armed-conflict" in categories("Shelling of border villages went on overnight.", "en", shipped)
    assert "armed-conflict" in categories("Вооружённые столкновения продолжались всю ночь.", "ru", shipped)
    tasks = "The third is a system of rapid response to crisis situations, including emergency situations."
    assert "emergency" not in categories(tasks, "en", shipped)
    assert "epidemic" in categories("Пандемия коронавирусной инфекции осложнила работу.", "ru", shipped)
    assert "military-activity" in categories(
        "Учения «Взаимодействие-2019» прошли в Таджикистане.", "ru", shipped
    )
    assert "terrorism" in categories("Обсуждалась борьба с терроризмом.", "ru", shipped)
    assert "drug-trafficking" not in categories("The film review praised a movie about drugs.", "en", shipped)
    mercenary = Tag("operation", "mercenary", "gazetteer", ("Mercenary",), ((0, 9),))
    proxy = Tag("operation", "proxy", "gazetteer", ("PROXY",), ((0, 5),))
    by_tags = categories("Nothing else here.", "en", shipped, [mercenary, proxy])
    assert by_tags["terrorism"].rule == "rules:terrorism/mercenary"
    assert by_tags["it-crime"].words == ("PROXY",)


BAD_EDITS = [
    # (what is replaced, by what, the field named, the reason, the words on the line named)
    ("en: {any: [drugs], none: [film]}", "en: {any: [drugs], none: [film], colour: red}",
     "categories[1].rules[0].en.colour", "unknown field", "colour: red"),
    ('        ru: {any: [террористов]}\n', "", "categories[0].rules[0]", "required field is missing",
     'id: "1"'),
    ("en: {any: [hostage-taking]}", "en: {any: []}", "categories[0].rules[1].en.any", "at least one",
     "en: {any: []}"),
    ("tags: [operation:channel]", "tags: [operaton:channel]", "categories[1].rules[2].tags[0]",
     "is not a tag", "operaton:channel"),
    ('id: "2"\n        en: {any: [seized]', 'id: "1"\n        en: {any: [seized]', "categories[1].rules[1].id",
     "twice", "en: {any: [seized]"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "field", "reason", "marker"), BAD_EDITS)
def test_a_bad_file_is_refused_whole_with_its_line(old, new, field, reason, marker):
    text = SMALL.replace(old, new, 1)
    assert text != SMALL
    with pytest.raises(InputFileError) as refused:
        parse_rules(text, file_name="edited.yaml")
    problem = next(problem for problem in refused.value.problems if problem.field.startswith(field))
    lines = text.splitlines()
    marked = next(number for number, line in enumerate(lines, 1) if marker in line)
    assert problem.file == "edited.yaml" and reason in problem.message
    assert problem.line in (marked, marked - 1)  # the key's line, or the rule's when a key is missing
    assert f"edited.yaml:{problem.line}: {problem.field}:" in str(refused.value)


def test_broken_yaml_and_an_unknown_top_key_are_refused():
    with pytest.raises(InputFileError, match=r"edited.yaml:\d+: not valid YAML"):
        parse_rules("categories:\n  - key: [unclosed\n", file_name="edited.yaml")
    with pytest.raises(InputFileError, match="rulez"):
        parse_rules(SMALL + "rulez: []\n", file_name="edited.yaml")
