"""In Debian's Chromium against a real Accord: Kazakhstan's liaison officer offers tents against
Tajikistan's approved request, Tajikistan's officer accepts the offer, Kazakhstan records the
delivery, and the gap goes to zero; the ledger then lists the delivery beside the 2019 deliveries, in
Russian too."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.core.live import PASSWORD, SOURCE, accord_environment, log_in, run_accord, running_server, set_up
from tests.web.test_browser import CHROMIUM, CHROMIUM_FLAGS

MAKE_REQUEST = """
import django
django.setup()
from tests.response.factory import make_request
make_request("quake-browser", status="approved", lines=(("equipment", "Tents", "10"),))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Accord set up as a user sets it up, with liaison officers of Kazakhstan and Tajikistan and one
    approved request of Tajikistan (written as the requests' service writes it)."""
    data_dir = tmp_path_factory.mktemp("offers-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    for code in ("KAZ", "TJK"):
        done = run_accord(
            environment, "createuser", f"{code.lower()}-liaison", "--role", "liaison-officer", "--state", code,
            "--clearance", "secret", "--password", PASSWORD, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    made = subprocess.run(
        [sys.executable, "-c", MAKE_REQUEST],
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "accord.settings",
            "PYTHONPATH": f"{SOURCE}:{SOURCE.parent}",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    with running_server(environment, data_dir) as address:
        yield address


def offer_accept_deliver(browser, server: str) -> None:
    offers = f"{server}/response/requests/quake-browser/offers/"
    kazakh = browser.new_context(locale="en-GB").new_page()
    log_in(kazakh, server, "kaz-liaison", "/response/deliveries/", only_if_asked=True)
    kazakh.goto(offers)
    expect(kazakh.locator("#offers")).to_contain_text("No offers yet.")
    kazakh.fill("#offer ~ form input[name=line]", "1")
    kazakh.fill("#offer ~ form input[name=quantity]", "10")
    kazakh.fill("#offer ~ form input[name=on]", "2022-03-02")
    kazakh.click("#offer ~ form button[type=submit]")
    expect(kazakh.locator("table.offers")).to_contain_text("pledged")

    tajik = browser.new_context(locale="en-GB").new_page()
    log_in(tajik, server, "tjk-liaison", "/response/deliveries/", only_if_asked=True)
    tajik.goto(offers)
    row = tajik.locator("table.offers tr[data-offer]").first
    row.locator("input[name=on]").first.fill("2022-03-03")
    row.locator("button[value=accept]").click()
    expect(tajik.locator("table.offers")).to_contain_text("committed")

    kazakh.goto(offers)
    row = kazakh.locator("table.offers tr[data-offer]").first
    form = row.locator("form", has=kazakh.locator("button[value=deliver]"))
    form.locator("input[name=quantity]").fill("10")
    form.locator("input[name=on]").fill("2022-03-05")
    form.locator("input[name=source]").fill("Waybill 7")
    form.locator("button[value=deliver]").click()
    expect(kazakh.locator("main")).to_contain_text("completed")
    gap = kazakh.locator("table.gap tbody tr").first.locator("td").last
    expect(gap).to_have_text("0")

    kazakh.goto(f"{server}/response/deliveries/?year=2022")
    expect(kazakh.locator("main table")).to_contain_text("Tents")
    expect(kazakh.locator("main table")).to_contain_text("Request quake-browser, line 1")
    kazakh.goto(f"{server}/response/deliveries/?year=2019")
    kazakh.click("header button[value=ru]")
    expect(kazakh.locator("html")).to_have_attribute("lang", "ru")
    expect(kazakh.locator("main table")).to_contain_text("БРДМ-2М")
    expect(kazakh.locator("main")).to_contain_text(re.compile("320000000 RUB"))


def test_an_offer_accepted_and_delivered_in_the_browser(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            offer_accept_deliver(browser, server)
        finally:
            browser.close()
