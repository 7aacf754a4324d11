"""In a real browser against a real Accord: a Secretariat officer records Armenia's freeze of
participation from 22 February 2024 on the state's page; a consensus item of a later session is
decided as the charter file's status rules say, with the reason shown; the chair rotation and the
Secretary General's projection say how they treat Armenia."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.core.live import accord_environment, create_officer, running_server, set_up
from tests.web.test_browser import officer_page

OTHERS = ("BLR", "KAZ", "KGZ", "RUS", "TJK")


@pytest.fixture(scope="module")
def address(tmp_path_factory) -> Iterator[str]:
    """Accord on its own SQLite database, set up as a user sets it up, with one officer."""
    data_dir = tmp_path_factory.mktemp("status-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    create_officer(environment)
    with running_server(environment, data_dir) as served:
        yield served


def test_an_officer_records_armenias_freeze_and_the_rules_follow_it(address):
    with officer_page(address) as (page, errors):
        page.goto(f"{address}/states/ARM/")
        page.click("text=Record a change of status")
        form = page.locator("details.record-status form")
        form.locator("select[name=status]").select_option("frozen")
        form.locator("input[name=start]").fill("2024-02-22")
        form.locator("input[name=source]").fill(
            "Interview of the Prime Minister of Armenia N. Pashinyan with France 24"
        )
        form.locator("textarea[name=reason]").fill("Armenia froze its participation in the Organization")
        form.locator("button[type=submit]").click()
        expect(page.locator("p.big .status")).to_have_text("participation frozen by the state")
        powers = page.locator("section.status-powers")
        expect(powers.locator("li[data-power=block-consensus]")).to_have_class("refused")
        expect(powers.locator("li[data-power=chair]")).to_have_class("refused")
        expect(page.locator("table")).to_contain_text("Armenia froze its participation in the Organization")

        page.goto(f"{address}/sessions/")
        page.click("text=Record a session")
        page.select_option("select[name=body]", label="Council of Ministers of Foreign Affairs")
        page.fill("input[name=title_en]", "CMFA meeting in Astana")
        page.fill("input[name=date]", "2024-11-27")
        for code in OTHERS:
            page.check(f"input[name=participants][value={code}]")
        page.click("main button[type=submit]")
        expect(page.locator("main h1")).to_have_text("CMFA meeting in Astana")
        session_url = page.url
        page.click("text=Add an agenda item")
        page.fill("input[name=title_en]", "On the joint statement")
        for code in OTHERS:
            page.select_option(f"select[name=position_{code}]", "agree")
        page.click("main button[type=submit]")
        expect(page).to_have_url(session_url)
        item = page.locator("section.agenda-item")
        expect(item.locator(".tag")).to_have_text("adopted")
        expect(item).to_contain_text(
            "Armenia (participation frozen by the state) does not take part: the charter file does not let "
            "that status decide or block a consensus, so the decision is taken without it."
        )

        page.goto(f"{address}/chairmanships/")
        expect(page.locator("main")).to_contain_text(
            "its status (participation frozen by the state) gives it no turn"
        )
        page.goto(f"{address}/bodies/?on=2035-06-01")
        expect(page.locator("main")).to_contain_text("Armenia is skipped")
        page.screenshot(
            path=str(Path(os.environ.get("ACCORD_SCREENSHOTS", "/tmp")) / "accord-armenia-frozen.png"),
            full_page=True,
        )
        assert errors == [], f"the browser reported errors: {errors}"
