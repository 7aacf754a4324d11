"""In Debian's Chromium against a real Accord: a Secretariat planner, in the Russian interface, plans a
training, postpones it, relocates it, records it as held, adds a phase and corrects its name; a partner state's liaison officer sees
the public training and not the members-only one, joins the public one for their own state only and
withdraws again."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.core.live import (
    PASSWORD,
    accord_environment,
    create_officer,
    log_in,
    run_accord,
    running_server,
    set_up,
)
from tests.web.test_browser import CHROMIUM, CHROMIUM_FLAGS

TODAY = datetime.date.today()


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Accord set up as a user sets it up, with a planner and Serbia's liaison officer, Serbia a partner."""
    data_dir = tmp_path_factory.mktemp("trainings-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    create_officer(environment, "planner")
    for command in (
        ["createuser", "srb-liaison", "--role", "liaison-officer", "--state", "SRB", "--clearance", "secret"],
        ["set-status", "SRB", "partner", "--from", day(-400), "--source", "seed-002", "--reason", "test"],
    ):
        extra = (
            ["--password", PASSWORD]
            if command[0] == "createuser"
            else ["--override", "a partner for the test"]
        )
        done = run_accord(environment, *command, *extra, timeout=120)
        assert done.returncode == 0, done.stderr
    with running_server(environment, data_dir) as address:
        yield address


def plan(page: Page, server: str, name: str, ru: str, releasability: str, classification: str) -> str:
    page.goto(f"{server}/forces/trainings/new/")
    page.fill("input[name=name]", name)
    page.fill("input[name=name_ru]", ru)
    page.select_option("select[name=series]", label="Кобальт")
    page.select_option("select[name=host]", label="KAZ — Казахстан")
    page.fill("input[name=start]", day(-20))
    page.fill("input[name=end]", day(-16))
    page.fill("input[name=source]", "План совместной подготовки")
    page.select_option("select[name=classification]", classification)
    page.select_option("select[name=releasability]", releasability)
    page.click("main form button[type=submit]")
    expect(page.locator("main h1")).to_have_text(ru)
    return page.url


def test_planning_postponing_relocating_holding_in_russian_and_a_partner_joining():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            planner_and_partner(browser, server_address())
        finally:
            browser.close()


ADDRESS: list[str] = []


@pytest.fixture(autouse=True)
def remember(server):
    ADDRESS[:] = [server]


def server_address() -> str:
    return ADDRESS[0]


def planner_and_partner(browser, server: str) -> None:
    page = browser.new_context(locale="en-GB").new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, server, "planner", "/forces/trainings/")
    page.goto(f"{server}/forces/trainings/")
    page.click("header button[value=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    public = plan(page, server, "Cobalt-test", "Кобальт-проверка", "everyone", "0")
    page.fill("#form-postpone input[name=start]", day(-10))
    page.fill("#form-postpone input[name=end]", day(-8))
    page.fill("#form-postpone textarea[name=reason]", "Эпидемиологическая обстановка")
    page.click("#form-postpone button[type=submit]")
    expect(page.locator("#status")).to_contain_text("отложено")
    page.fill("#form-relocate textarea[name=reason]", "Просьба принимающей стороны")
    page.select_option("#form-relocate select[name=host]", label="UZB — Узбекистан")
    page.click("#form-relocate button[type=submit]")  # a suspended member cannot host: refused on its field
    expect(page.locator("#form-relocate .error")).to_contain_text("Узбекистан")
    page.select_option("#form-relocate select[name=host]", label="BLR — Беларусь")
    page.fill("#form-relocate textarea[name=reason]", "Просьба принимающей стороны")
    page.click("#form-relocate button[type=submit]")
    expect(page.locator("#host")).to_contain_text("Беларусь")
    page.fill("#form-hold input[name=start]", day(-10))
    page.fill("#form-hold input[name=end]", day(-8))
    page.fill("#form-hold input[name=personnel]", "1200")
    page.click("#form-hold button[type=submit]")
    expect(page.locator("#held")).to_contain_text(day(-10))
    expect(page.locator("main")).to_contain_text("Эпидемиологическая обстановка")
    page.fill("#form-phase input[name=name_en]", "Active phase")
    page.fill("#form-phase input[name=name_ru]", "Активная фаза")
    page.fill("#form-phase input[name=start]", day(-12))
    page.click("#form-phase button[type=submit]")  # before the training: refused on its field
    expect(page.locator("#form-phase .error")).to_contain_text(day(-10))
    page.fill("#form-phase input[name=start]", day(-9))
    page.click("#form-phase button[type=submit]")
    expect(page.locator("#phases")).to_contain_text("Активная фаза")
    page.fill("#form-edit input[name=name_ru]", "Кобальт-исправлено")
    page.fill("#form-edit textarea[name=reason]", "Опечатка в названии")
    page.click("#form-edit button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Кобальт-исправлено")
    expect(page.locator("main")).to_contain_text("Опечатка в названии")
    hidden = plan(page, server, "Closed-test", "Закрытое-проверка", "members-only", "1")
    unexpected = [error for error in errors if "status of 422" not in error]  # the refused forms
    assert unexpected == [], f"the browser reported errors: {unexpected}"

    partner = browser.new_context(locale="en-GB").new_page()
    log_in(partner, server, "srb-liaison", "/forces/trainings/")
    partner.goto(f"{server}/forces/trainings/?year={TODAY.year}")
    expect(partner.locator("main table").first).to_contain_text("Cobalt-test")
    expect(partner.locator("main")).not_to_contain_text("Closed-test")
    assert partner.goto(hidden).status == 404
    partner.goto(public)
    expect(partner.locator("#form-postpone")).to_have_count(0)
    options = partner.locator("form[aria-label=Join] select[name=state] option")
    expect(options).to_have_count(1)
    partner.select_option("form[aria-label=Join] select[name=capacity]", "participant")
    partner.click("form[aria-label=Join] button[type=submit]")
    expect(partner.locator("main")).to_contain_text("join-trainings")
    partner.fill("#withdraw-SRB input[name=reason]", "Units needed at home")
    partner.click("#withdraw-SRB button[type=submit]")
    expect(partner.locator("#withdraw-SRB")).to_have_count(0)
    expect(partner.locator("main")).to_contain_text("No participants recorded.")
