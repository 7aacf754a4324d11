"""In Debian's Chromium against a real Accord: a CRC duty officer uploads a Russian and an English
report of the same joint training; a worker takes them in; the triage queue shows one story holding
both, its page shows the states, the training series and the categories with the rule and the words
behind each tag; the officer marks it verified and cites it in the day's draft situation report, whose
media section then names it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.core.live import PASSWORD, accord_environment, log_in, run_accord, running_server, set_up
from tests.web.test_browser import CHROMIUM, CHROMIUM_FLAGS

ENGLISH = """CSTO forces hold the Interaction-2019 exercise in Tajikistan

The joint exercise of the Collective Rapid Reaction Forces "Interaction-2019" began at the Harbatag
training ground in Tajikistan. Units of Russia, Kazakhstan, Kyrgyzstan and Tajikistan take part,
about 1,500 servicemen in all. The exercise rehearses the destruction of illegal armed groups that
crossed the border from Afghanistan.
"""
RUSSIAN = """Силы ОДКБ проводят учение «Взаимодействие-2019» в Таджикистане

На полигоне Харбатаг в Таджикистане началось совместное учение Коллективных сил оперативного
реагирования «Взаимодействие-2019». В нём участвуют подразделения России, Казахстана, Киргизии и
Таджикистана, всего около 1500 военнослужащих. Отрабатывается уничтожение незаконных вооружённых
формирований, проникших через границу из Афганистана.
"""


@pytest.fixture(scope="module")
def accord(tmp_path_factory) -> Iterator[tuple[dict[str, str], str]]:
    """Accord set up as a user sets it up, a CRC duty officer, and today's drafts."""
    data_dir = tmp_path_factory.mktemp("monitoring-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    made = run_accord(
        environment,
        "createuser",
        "crc-duty",
        "--role",
        "crc-duty-officer",
        "--body",
        "crisis-response-center",
        "--clearance",
        "secret",
        "--password",
        PASSWORD,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    drafted = run_accord(environment, "sitrep", "--draft", "--date", datetime.date.today().isoformat())
    assert drafted.returncode == 0, drafted.stderr
    with running_server(environment, data_dir) as address:
        yield environment, address


def register_source(page: Page, address: str) -> None:
    """A source of uploaded files, public, usually reliable, its language found item by item."""
    page.goto(f"{address}/monitoring/sources/new/")
    page.fill("input[name=key]", "wire")
    page.fill("input[name=name]", "Regional wire")
    page.select_option("select[name=kind]", "upload")
    page.select_option("select[name=reliability]", "B")
    page.select_option("select[name=classification]", "0")
    page.select_option("select[name=releasability]", "everyone")
    page.click("main form button[type=submit]")
    expect(page.locator("main h1")).to_contain_text("Regional wire")


def upload(page: Page, address: str, folder: Path) -> None:
    """Both reports uploaded to the source; the page goes on to the run."""
    english, russian = folder / "interaction-en.txt", folder / "interaction-ru.txt"
    english.write_text(ENGLISH, encoding="utf-8")
    russian.write_text(RUSSIAN, encoding="utf-8")
    page.goto(f"{address}/monitoring/sources/wire/")
    page.set_input_files("input[name=files]", [str(english), str(russian)])
    page.click("form[enctype] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/runs/\d+/"))


def open_the_story(page: Page, address: str) -> None:
    """The queue lists the new story with both languages; its page opens."""
    page.goto(f"{address}/monitoring/")
    row = page.locator("main table tbody tr", has_text="Interaction-2019")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("en")
    expect(row).to_contain_text("ru")
    row.locator("a").first.click()
    expect(page.locator("main h1")).to_contain_text("Interaction-2019")


def check_tags_and_reasons(page: Page) -> None:
    """States, the training series and the category, each by its name (its key beside it) with the rule
    and the words behind it."""
    main = page.locator("main")
    tags = main.locator("table", has_text="Why")
    for kind, name, key, reason in (
        ("state", "Tajikistan", "TJK", "gazetteer: 'Tajikistan'"),
        ("state", "Kazakhstan", "KAZ", "«Казахстана»"),
        ("training", "Interaction", "interaction", "«Взаимодействие-2019»"),
        ("category", "Military activity", "military-activity", "rules:military-activity/"),
    ):
        row = tags.locator("tr", has_text=f"{kind}{name} {key}")
        expect(row).to_contain_text(reason)
        expect(row).to_contain_text("2")  # both items


def verify_and_cite(page: Page) -> None:
    page.check("input[name=verdict][value=verified]")
    page.fill("textarea[name=note]", "Confirmed by the ministry of defence's statement")
    page.click("form.triage button[type=submit]")
    expect(page.locator("main")).to_contain_text("verified")
    report = page.locator("select[name=report] option").first
    assert report.get_attribute("value"), "a draft report to cite the story in"
    page.fill("input[name=citation_note]", "Exercise under way")
    page.click("button:has-text('Cite in the report')")
    expect(page.locator("main")).to_contain_text("Exercise under way")


def test_two_languages_one_story_verified_and_cited(accord, tmp_path):
    environment, address = accord
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            log_in(page, address, "crc-duty", "/monitoring/")
            register_source(page, address)
            upload(page, address, tmp_path)
            worked = run_accord(environment, "worker", "--once", timeout=300)
            assert worked.returncode == 0, worked.stderr
            open_the_story(page, address)
            check_tags_and_reasons(page)
            verify_and_cite(page)
            page.goto(f"{address}/crisis/sitreps/?scope=all&status=draft")
            page.locator("main a", has_text=re.compile(r"draft|\d{4}-\d{2}-\d{2}")).first.click()
            expect(page.locator("main")).to_contain_text("Media: verified stories")
            expect(page.locator("main")).to_contain_text("Interaction-2019")
        finally:
            browser.close()
