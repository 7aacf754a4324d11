"""In a real browser (Playwright driving Debian's Chromium) against a real Accord server:
a Secretariat officer logs in with two factors, switches to Russian, records a session with two
agenda items — one adopted, one blocked by an objection — and finds both on the session page."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.core.live import (
    accord_environment,
    create_officer,
    log_in,
    run_accord,
    running_server,
    set_up,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


MEMBER_NAMES = {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}
DEMO = Path(__file__).resolve().parents[2] / "src" / "accord" / "data" / "demo"


def demo_data_commands(data_dir: Path) -> list[list[str]]:
    """The real GED sample, and the COVID file cut down to the member states (quicker to import)."""
    covid = data_dir / "covid-members.csv"
    with (DEMO / "countries-aggregated.csv").open(encoding="utf-8") as source:
        lines = source.readlines()
    covid.write_text(
        "".join([lines[0], *[line for line in lines[1:] if line.split(",")[1] in MEMBER_NAMES]]),
        encoding="utf-8",
    )
    return [
        ["events", "import", "ucdp-ged", str(DEMO / "ged-23.1-sample.csv")],
        ["series", "import", "jhu-covid", str(covid)],
        [
            "alerts",
            "run",
            "--series",
            "covid.confirmed",
            "--state",
            "KAZ",
            "--from",
            "2020-01-22",
            "--to",
            "2021-10-10",
        ],
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A real Accord on loopback with its own SQLite database, set up the way a user sets it up."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    environment = accord_environment(data_dir)
    set_up(environment)
    create_officer(environment)
    for command in demo_data_commands(data_dir):
        done = run_accord(environment, *command)
        assert done.returncode == 0, done.stderr
    with running_server(environment, data_dir) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium package (make test does)"
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@contextmanager
def officer_page(address: str) -> Iterator[tuple[Page, list[str]]]:
    """A page of Debian's Chromium, logged in to ``address`` as the officer (both factors), and the
    errors its console reports (a test ends by asserting there were none)."""
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium package (make test does)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_context(locale="en-GB").new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        log_in(page, address, "officer", "/sessions/", recovery_codes=True)
        try:
            yield page, errors
        finally:
            browser.close()


def test_recording_a_session_in_russian(browser, server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, server, "officer", "/sessions/", recovery_codes=True)

    page.goto(f"{server}/sessions/")
    page.click("header button[value=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("main h1")).to_have_text("Заседания")

    page.click("text=Зарегистрировать заседание")
    page.select_option("select[name=body]", label="Совет министров иностранных дел")
    page.fill("input[name=title_ru]", "Заседание СМИД в Минске")
    page.fill("input[name=title_en]", "CMFA meeting in Minsk")
    page.fill("input[name=date]", "2031-06-15")
    page.fill("input[name=place_ru]", "Минск")
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"):
        page.check(f"input[name=participants][value={code}]")
    page.click("main button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Заседание СМИД в Минске")
    session_url = page.url

    page.click("text=Добавить пункт повестки дня")
    page.fill("input[name=title_ru]", "О плане консультаций на 2032 год")
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"):
        page.select_option(f"select[name=position_{code}]", "agree")
    page.click("main button[type=submit]")
    expect(page).to_have_url(session_url)

    page.click("text=Добавить пункт повестки дня")
    page.fill("input[name=title_ru]", "О совместном заявлении")
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"):
        page.select_option(f"select[name=position_{code}]", "agree")
    page.select_option("select[name=position_ARM]", "object")
    page.fill("input[name=remark_ARM]", "Требуется доработка текста")
    page.click("main button[type=submit]")
    expect(page).to_have_url(session_url)

    items = page.locator("section.agenda-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("О плане консультаций на 2032 год")
    expect(items.nth(0).locator(".tag")).to_have_text("принято")
    expect(items.nth(1)).to_contain_text("О совместном заявлении")
    expect(items.nth(1).locator(".tag")).to_have_text("не принято")
    expect(items.nth(1)).to_contain_text("Требуется доработка текста")
    page.screenshot(
        path=str(Path(os.environ.get("ACCORD_SCREENSHOTS", "/tmp")) / "accord-session-ru.png"), full_page=True
    )
    assert errors == [], f"the browser reported errors: {errors}"
    context.close()


@pytest.mark.parametrize(("language", "heading"), [("en", "Situation picture"), ("ru", "Обстановка")])
def test_the_dashboard_draws_its_map_and_charts(browser, server, language, heading):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{server}/crisis/")
    if language == "ru":
        page.click("header button[value=ru]")
    page.goto(f"{server}/crisis/?region=central-asian&country=KAZ&start=2020-01-01&end=2021-10-10")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main h1")).to_have_text(heading)
    expect(page.locator("#crisis-map[data-rendered=true]")).to_have_count(1, timeout=15000)
    expect(page.locator('#crisis-map path[stroke="#12263f"]').first).to_be_visible()
    expect(page.locator(".chart[data-rendered=true] svg").first).to_be_visible(timeout=15000)
    expect(page.locator(".chart[data-rendered=true]")).to_have_count(3, timeout=15000)
    # Alerts are RESTRICTED: the public sees none of them, in the table or on the charts.
    expect(page.locator("table:not(.events) tbody td.empty")).to_have_count(1)
    page.goto(f"{server}/crisis/?country=SYR")
    expect(page.locator("#crisis-map[data-rendered=true]")).to_have_count(1, timeout=15000)
    assert int(page.locator("#crisis-map").get_attribute("data-points")) > 100
    expect(page.locator("#crisis-map path.leaflet-interactive").nth(200)).to_be_attached()
    page.screenshot(
        path=str(Path(os.environ.get("ACCORD_SCREENSHOTS", "/tmp")) / f"accord-dashboard-{language}.png"),
        full_page=True,
    )
    assert errors == [], f"the browser reported errors: {errors}"
    context.close()


@pytest.mark.parametrize(
    ("language", "states", "latest"),
    [
        (
            "en",
            ["Kazakhstan", "Kyrgyzstan", "Tajikistan"],
            re.compile(r"latest data: [A-Z][a-z]+\.? \d{1,2}, \d{4}"),
        ),
        (
            "ru",
            ["Казахстан", "Кыргызстан", "Таджикистан"],
            re.compile(
                r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4}"
            ),
        ),
    ],
)
def test_the_dashboard_for_the_day_opens_on_the_latest_data_and_charts_every_state_of_a_region(
    browser, server, language, states, latest
):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{server}/crisis/")
    if language == "ru":
        page.click("header button[value=ru]")
        page.goto(f"{server}/crisis/")
    # The shipped data is years old: the page opens on the 30 days up to it, and says when that is, with
    # the date in the page's language.
    expect(page.locator(".latest-data")).to_contain_text(latest)
    expect(page.locator("section#events table.events tbody tr").first).to_be_visible()
    page.goto(f"{server}/crisis/?region=central-asian&start=2021-01-01&end=2021-03-31")
    expect(page.locator(".chart[data-rendered=true]")).to_have_count(3, timeout=15000)
    legend = page.locator(".chart[data-rendered=true]").nth(1)
    for state in states:
        expect(legend).to_contain_text(state)
    assert "covid.confirmed" not in page.locator("main").inner_text()
    assert errors == [], f"the browser reported errors: {errors}"
    context.close()
