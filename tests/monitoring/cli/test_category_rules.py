"""The rules at the command line: show them, check a file (a bad one: one line, status 2), save it as
the next version, and tag a text showing each tag's rule and words."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.monitoring.models import RulesVersion
from accord.monitoring.understanding.rulebook import shipped_rules_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_knowledge():
    from accord.monitoring.understanding.knowledge import forget

    forget()
    yield
    forget()


def run(*args: str) -> str:
    out = StringIO()
    call_command("monitoring", *args, stdout=out)
    return out.getvalue()


def test_show_check_and_save(tmp_path):
    assert "Rules in force: version 0" in run("rules")
    good = tmp_path / "rules.yaml"
    good.write_text(shipped_rules_text(), encoding="utf-8")
    assert "10 categories" in run("rules-check", str(good))
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped_rules_text().replace("    rules:\n", "    rulez:\n", 1), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run("rules-check", str(bad))
    assert refused.value.returncode == 2 and f"{bad}:" in str(refused.value) and "rulez" in str(refused.value)
    with pytest.raises(CommandError) as not_saved:
        run("rules-save", str(bad), "--note", "broken")
    assert not_saved.value.returncode == 2 and not RulesVersion.objects.exists()
    saved = json.loads(run("rules-save", str(good), "--note", "from the file", "--json"))
    assert saved["version"] == 1 and RulesVersion.objects.get().saved_by == "system:monitoring-cli"
    assert json.loads(run("rules", "--json"))["version"] == 1


def test_tag_prints_each_tag_with_its_rule_and_words(tmp_path):
    text = "Пограничники пресекли нарушение государственной границы. Задержано около 600 человек."
    lines = run("tag", "--lang", "ru", "--text", text)
    assert "border-incident" in lines and "rules:border-incident/1" in lines
    assert "нарушение государственной границы" in lines and "600 people (about)" in lines
    sample = tmp_path / "sample.txt"
    sample.write_text("The pandemic of coronavirus infection goes on.", encoding="utf-8")
    data = json.loads(run("tag", str(sample), "--json"))
    tag = next(tag for tag in data["tags"] if tag["key"] == "epidemic")
    assert tag["rule"] == "rules:epidemic/1" and tag["words"] == ["pandemic", "coronavirus", "infection"]
    with pytest.raises(CommandError) as missing:
        run("tag", str(tmp_path / "none.txt"))
    assert missing.value.returncode == 2


def test_tag_reads_the_text_in_its_language_and_answers_in_the_output_language():
    russian = "Пограничники пресекли нарушение государственной границы. Задержано около 600 человек."
    english = json.loads(run("tag", "--text", russian, "--json"))  # answer in English, text detected
    assert english["language"] == "ru" and "border-incident" in {tag["key"] for tag in english["tags"]}
    in_russian = run("tag", "--language", "ru", "--text", "The pandemic of coronavirus infection goes on.")
    assert in_russian.startswith("Версия правил 0") and "rules:epidemic/1" in in_russian
    assert (
        json.loads(run("tag", "--language", "ru", "--text", "The pandemic goes on.", "--json"))["language"]
        == "en"
    )
    declared = json.loads(run("tag", "--lang", "ru", "--text", "Учения", "--json"))
    assert declared["language"] == "ru"
    with pytest.raises(CommandError) as unknown:
        run("tag", "--text", "12345")
    assert unknown.value.returncode == 2 and "could not tell the language" in str(unknown.value)


def test_retag_gives_the_items_already_in_the_new_rules_categories(tmp_path):
    from accord.monitoring import stories
    from accord.monitoring.models import ItemTag, StoryTag
    from tests.monitoring.factory import ACTOR, make_item, make_source

    item = make_item(make_source("cli-retag"), "carder", text="Police detained a carder in Almaty.")
    stories.place(item, actor=ACTOR)
    rules = tmp_path / "rules.yaml"
    rules.write_text(shipped_rules_text().replace("hacker, hackers,", "hacker, hackers, carder,"), "utf-8")
    run("rules-save", str(rules), "--note", "carders")
    done = json.loads(run("rules-retag", "--json"))
    assert (done["rules_version"], done["items"], done["changed"], done["stories"]) == (1, 1, 1, 1)
    assert ItemTag.objects.filter(item=item, kind="category", key="it-crime", words=["carder"]).exists()
    assert StoryTag.objects.filter(story__items=item, kind="category", key="it-crime").exists()
    assert "0 items re-tagged" in run("rules-retag")
