"""In a real browser against a real Accord: the morning's draft is there; a CRC duty officer opens it
and writes the assessment in both languages; the head of the CRC approves it; the report appears
numbered in the list, and the PDF downloaded is byte for byte the one stored at approval."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.core.live import PASSWORD, accord_environment, log_in, run_accord, running_server, set_up
from tests.web.test_browser import CHROMIUM, CHROMIUM_FLAGS


def create_user(environment: dict[str, str], name: str, role: str) -> None:
    done = run_accord(
        environment,
        "createuser",
        name,
        "--role",
        role,
        "--body",
        "crisis-response-center",
        "--clearance",
        "secret",
        "--password",
        PASSWORD,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def accord(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """Accord on its own SQLite database, a duty officer and the CRC head, and today's drafts."""
    data_dir = tmp_path_factory.mktemp("sitrep-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    create_user(environment, "duty", "crc-duty-officer")
    create_user(environment, "head", "crc-head")
    drafted = run_accord(environment, "sitrep", "--draft", "--date", datetime.date.today().isoformat())
    assert drafted.returncode == 0, drafted.stderr
    with running_server(environment, data_dir) as address:
        yield address, data_dir


@contextmanager
def chromium() -> Iterator[Browser]:
    """One Chromium for the test: each user gets a context of their own in it."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def logged_in(browser: Browser, address: str, username: str) -> Iterator[tuple[Page, list[str]]]:
    """A page logged in as ``username`` with both factors, and its console errors."""
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, address, username, "/crisis/sitreps/", recovery_codes=True)
    try:
        yield page, errors
    finally:
        context.close()


def stored_pdf(data_dir: Path, number: str) -> bytes:
    with sqlite3.connect(data_dir / "accord.sqlite3") as database:
        (pdf,) = database.execute(
            "SELECT pdf FROM crisis_situationreport WHERE number = ?", (number,)
        ).fetchone()
    return bytes(pdf)


def test_a_draft_is_assessed_approved_listed_notified_and_downloaded_as_stored(accord):
    address, data_dir = accord
    today = datetime.date.today()
    number = f"CRC-{today.year}-{today.timetuple().tm_yday:03d}"
    with chromium() as browser, logged_in(browser, address, "duty") as (duty, duty_errors):
        report_url = assess_the_days_draft(duty, address)
        downloaded, shown_hash = approve_and_download(browser, address, report_url, number)
        # The duty officer, still at work, is told: the header counts it, the list names the number.
        duty.goto(f"{address}/crisis/sitreps/")
        expect(duty.locator("table.sitrep-list td.number").first).to_have_text(number)
        expect(duty.locator("a.notifications .badge")).to_have_text("1")
        duty.goto(f"{address}/notifications/")
        expect(duty.locator("ul.notifications li.unread").first).to_contain_text(number)
        assert duty_errors == [], f"the browser reported errors: {duty_errors}"

    stored = stored_pdf(data_dir, number)
    assert downloaded == stored and downloaded.startswith(b"%PDF-")
    assert hashlib.sha256(downloaded).hexdigest() == shown_hash


def assess_the_days_draft(page: Page, address: str) -> str:
    """The duty officer opens the day's draft of the whole area and writes the assessment."""
    page.goto(f"{address}/crisis/sitreps/?scope=all&status=draft")
    page.locator("table.sitrep-list tbody tr").first.locator("td.date a").click()
    expect(page.locator(".sitrep-status")).to_have_text("draft")
    # styled by the served stylesheet (17pt), which the Content-Security-Policy lets through
    assert page.evaluate("getComputedStyle(document.querySelector('.sitrep h1')).fontSize") == "22.6667px"
    page.fill("#assessment-en", "The area is calm; no alert is open.")
    page.fill("#assessment-ru", "Обстановка спокойная; открытых тревог нет.")
    page.click("button[value=assessment]")
    expect(page.locator("section.assessment[lang=ru]")).to_contain_text("Обстановка спокойная")
    expect(page.locator("button[value=approve]")).to_have_count(0)  # a duty officer does not approve
    return page.url


def approve_and_download(browser: Browser, address: str, report_url: str, number: str) -> tuple[bytes, str]:
    """The head of the CRC approves the report and downloads its PDF; the bytes and the hash shown."""
    with logged_in(browser, address, "head") as (page, errors):
        page.goto(report_url)
        page.click("button[value=approve]")
        expect(page.locator(".sitrep-number")).to_have_text(number)
        expect(page.locator(".stored-report .document-number")).to_contain_text(number)
        shown_hash = page.locator("code.pdf-hash").inner_text().strip()
        with page.expect_download() as download:
            page.click("a.download-pdf")
        downloaded = Path(download.value.path()).read_bytes()
        assert errors == [], f"the browser reported errors: {errors}"
    return downloaded, shown_hash
