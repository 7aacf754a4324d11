"""In Debian's Chromium against a real Accord, a whole crisis recorded in English and in Russian:
Tajikistan's Article 4 request through the Organization, an out-of-schedule video consultation held
by the CRC, the Collective Security Council's consensus decision, offers from three states (one
accepted, one declined, one withdrawn), the peacekeeping forces deployed with contingents of several
states and withdrawn, deliveries until the gap is zero; the crisis's timeline shows it all in date
order (and, as of a day before the decision, only what had happened by then), and a partner state's
liaison officer sees the public crisis but nothing of the members-only request."""

from __future__ import annotations

import datetime
import re
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
CRISIS = "pamir-floods-browser"
MEMBERS = ("BLR", "KAZ", "KGZ", "RUS", "TJK")  # full participants on every day of the test
CONTINGENTS = {"KAZ": "120", "KGZ": "80", "RUS": "300"}

# The days of the crisis, before today so every date is valid.
STARTED, SUBMITTED, CONSULTED, DECIDED, ANNOUNCED = -60, -55, -52, -48, -47
OFFERED, ANSWERED, OFFER_WITHDRAWN, DEPLOYED = -45, -44, -43, -42
WITHDRAWN, FIRST_DELIVERY, LAST_DELIVERY = -30, -20, -15


def day(offset: int) -> str:
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Accord set up as a user sets it up: a Secretariat officer, a CRC duty officer, and Serbia's
    liaison officer, Serbia a partner."""
    data_dir = tmp_path_factory.mktemp("crisis-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    create_officer(environment, "officer")
    for command in (
        [
            "createuser",
            "crc-duty",
            "--role",
            "crc-duty-officer",
            "--body",
            "crisis-response-center",
            "--clearance",
            "secret",
        ],
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


def timeline_rows(page: Page) -> list[tuple[str, str, str]]:
    """The timeline's rows as (kind, date, text), in the order shown."""
    return page.eval_on_selector_all(
        "table.timeline tbody tr",
        "rows => rows.map(row => [row.className.replace('timeline-', ''),"
        " row.querySelector('td.date') ? row.querySelector('td.date').innerText.trim() : '',"
        " row.innerText])",
    )


def record_crisis(page: Page, server: str) -> None:
    page.goto(f"{server}/response/crises/new/")
    page.fill("input[name=key]", CRISIS)
    page.fill("input[name=title_en]", "Pamir floods")
    page.fill("input[name=title_ru]", "Наводнения на Памире")
    page.fill("input[name=started_on]", day(STARTED))
    page.select_option("select[name=states]", ["TJK"])
    page.fill("textarea[name=summary_en]", "Mudflows in the Gorno-Badakhshan region")
    page.fill("textarea[name=summary_ru]", "Сели в Горно-Бадахшанской области")
    page.fill("input[name=source_text]", "CRC daily bulletin")
    page.select_option("select[name=classification]", "0")
    page.select_option("select[name=releasability]", "everyone")
    page.click("main form button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Pamir floods")


def record_request(page: Page, server: str) -> str:
    """Tajikistan's Article 4 request through the Organization, CONFIDENTIAL, members only."""
    page.goto(f"{server}/response/requests/new/")
    page.select_option("select[name=state]", "TJK")
    page.select_option("select[name=basis]", "article-4")
    page.select_option("select[name=channel]", "organization")
    page.fill("input[name=requested_on]", day(SUBMITTED))
    page.fill("input[name=title_en]", "Shelter for the Pamir")
    page.fill("input[name=title_ru]", "Укрытия для Памира")
    page.fill("input[name=source_text]", "Note verbale of Tajikistan")
    page.select_option("select[name=crisis]", CRISIS)
    page.select_option("select[name=classification]", "2")
    page.select_option("select[name=releasability]", "members-only")
    page.check("input[name=submit]")
    page.select_option("select[name=lines-0-kind]", "equipment")
    page.fill("input[name=lines-0-what_en]", "Tents")
    page.fill("input[name=lines-0-what_ru]", "Палатки")
    page.fill("input[name=lines-0-quantity]", "100")
    page.fill("input[name=lines-0-unit]", "pcs")
    page.click("main form button:not([name=more])[type=submit]")
    expect(page.locator("main h1")).to_have_text("Shelter for the Pamir")
    expect(page.locator("#status")).to_contain_text("submitted")
    return page.url


def consult(crc: Page, request_url: str) -> None:
    """The CRC holds an out-of-schedule video consultation (RESTRICTED at most)."""
    crc.goto(f"{request_url}consult/")
    crc.select_option("select[name=body]", "crisis-response-center")
    crc.fill("input[name=on]", day(CONSULTED))
    crc.select_option("select[name=format]", "video-conference")
    crc.select_option("select[name=kind]", "out-of-schedule")
    for code in MEMBERS:
        crc.check(f"input[name=states][value={code}]")
    crc.fill("input[name=outcome_en]", "Proposal to the Council to send shelter and peacekeepers")
    crc.fill("input[name=outcome_ru]", "Предложение Совету направить укрытия и миротворцев")
    crc.select_option("select[name=classification]", "2")  # too high for a video conference
    crc.click("main form button[type=submit]")
    expect(crc.locator("main form .errorlist")).to_contain_text("RESTRICTED")
    crc.select_option("select[name=classification]", "1")
    crc.click("main form button[type=submit]")
    expect(crc.locator("main h1")).to_contain_text("Crisis Response Center")
    expect(crc.locator("main")).to_contain_text("out-of-schedule")
    crc.goto(request_url)
    expect(crc.locator("#status")).to_contain_text("under consultation")
    expect(crc.locator("#consultations")).to_contain_text("Crisis Response Center")


def no_forces_before_the_decision(page: Page, request_url: str) -> None:
    """The collective forces go only after the request is approved: refused beside the date."""
    page.goto(f"{request_url}deploy/")
    page.select_option("select[name=formation]", "peacekeeping")
    page.select_option("select[name=state]", "RUS")
    page.fill("input[name=personnel]", "300")
    page.fill("input[name=deployed_on]", day(CONSULTED + 1))
    page.click("main form button[type=submit]")
    expect(page.locator("main form .errorlist")).to_contain_text("approved")
    page.goto(request_url)
    expect(page.locator("#deployments")).to_contain_text("No deployment is recorded.")


def council_decides(page: Page, server: str, request_url: str) -> None:
    """A session of the Collective Security Council adopts the item by consensus; linked to the request."""
    page.goto(f"{server}/sessions/new/")
    page.select_option("select[name=body]", label="Collective Security Council")
    page.fill("input[name=title_en]", "Extraordinary session on the Pamir floods")
    page.fill("input[name=title_ru]", "Внеочередная сессия по наводнениям на Памире")
    page.fill("input[name=date]", day(DECIDED))
    page.select_option("select[name=format]", "video-conference")
    page.select_option("select[name=kind]", "out-of-schedule")
    page.select_option("select[name=classification]", "1")
    page.select_option("select[name=releasability]", "members-only")
    for code in MEMBERS:
        page.check(f"input[name=participants][value={code}]")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/sessions/\d+/$"))
    session = page.url
    page.goto(f"{session}agenda/new/")
    page.fill("input[name=title_en]", "Assistance to Tajikistan under Article 4")
    page.fill("input[name=title_ru]", "О помощи Таджикистану по статье 4")
    for code in MEMBERS:
        page.select_option(f"select[name=position_{code}]", "agree")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(session)
    expect(page.locator("main")).to_contain_text("Assistance to Tajikistan under Article 4")
    page.goto(f"{request_url}decide/")
    option = page.locator("select[name=item] option", has_text="Assistance to Tajikistan under Article 4")
    page.select_option("select[name=item]", option.get_attribute("value"))
    page.fill("input[name=reason]", "Adopted by consensus")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(request_url)
    expect(page.locator("#status")).to_contain_text("approved")
    expect(page.locator("#consultations")).to_contain_text("Assistance to Tajikistan under Article 4")


def public_statement(page: Page, server: str) -> None:
    """The Council's public statement on the decision, linked to the crisis on the crisis's page."""
    page.goto(f"{server}/documents/new/")
    page.select_option("select[name=kind]", "statement")
    page.fill("input[name=title_en]", "Statement on assistance to Tajikistan")
    page.fill("input[name=title_ru]", "Заявление о помощи Таджикистану")
    page.select_option("select[name=body]", label="Collective Security Council")
    page.fill("input[name=date]", day(ANNOUNCED))
    page.fill("textarea[name=text]", "The Council decided to assist Tajikistan.")
    page.select_option("select[name=classification]", "0")
    page.select_option("select[name=releasability]", "everyone")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/documents/\d+/$"))
    document = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{server}/response/crises/{CRISIS}/")
    page.select_option("main form select[name=kind]", "document")
    page.fill("main form input[name=name]", document)
    page.click("main form:has(select[name=kind]) button[type=submit]")
    expect(page.locator("table.timeline")).to_contain_text("Statement on assistance to Tajikistan")


def offer_row(page: Page, state: str):
    return page.locator("table.offers tr[data-offer]", has_text=state)


def offers(page: Page, request_url: str) -> None:
    """In Russian: offers of Russia, Belarus and Kazakhstan; Russia's accepted, Belarus's declined,
    Kazakhstan's withdrawn."""
    page.goto(f"{request_url}offers/")
    for count, (code, quantity) in enumerate((("RUS", "100"), ("BLR", "50"), ("KAZ", "30")), start=1):
        page.select_option("#offer ~ form select[name=state]", code)
        page.fill("#offer ~ form input[name=line]", "1")
        page.fill("#offer ~ form input[name=quantity]", quantity)
        page.fill("#offer ~ form input[name=on]", day(OFFERED))
        page.fill("#offer ~ form input[name=source]", f"Note of {code}")
        page.click("#offer ~ form button[type=submit]")
        expect(page.locator("table.offers tr[data-offer]")).to_have_count(count)
    row = offer_row(page, "Россия")
    form = row.locator("form", has=page.locator("button[value=accept]"))
    form.locator("input[name=on]").fill(day(ANSWERED))
    form.locator("button[value=accept]").click()
    expect(offer_row(page, "Россия")).to_contain_text(day(ANSWERED))
    row = offer_row(page, "Беларусь")
    form = row.locator("form", has=page.locator("button[value=decline]"))
    form.locator("input[name=on]").fill(day(ANSWERED))
    form.locator("input[name=reason]").fill("Палатки уже обещаны")
    form.locator("button[value=decline]").click()
    expect(offer_row(page, "Беларусь")).to_contain_text("Палатки уже обещаны")
    row = offer_row(page, "Казахстан")
    form = row.locator("form", has=page.locator("button[value=withdraw]"))
    form.locator("input[name=on]").fill(day(OFFER_WITHDRAWN))
    form.locator("button[value=withdraw]").click()
    expect(offer_row(page, "Казахстан")).to_contain_text(day(OFFER_WITHDRAWN))
    for state in ("Беларусь", "Казахстан"):  # deliveries only against a committed offer
        expect(offer_row(page, state).locator("button[value=deliver]")).to_have_count(0)


def deploy_and_withdraw(page: Page, request_url: str) -> str:
    """In Russian: the peacekeeping forces with contingents of Kazakhstan, Kyrgyzstan and Russia,
    then withdrawn as a whole."""
    deployment = ""
    for code, personnel in CONTINGENTS.items():
        page.goto(f"{request_url}deploy/")
        page.select_option("select[name=formation]", "peacekeeping")
        page.select_option("select[name=state]", code)
        page.fill("input[name=personnel]", personnel)
        page.fill("input[name=equipment]", "10")
        page.fill("input[name=deployed_on]", day(DEPLOYED))
        page.fill("input[name=source]", "Приказ Объединённого штаба")
        page.click("main form button[type=submit]")
        expect(page).to_have_url(re.compile(r"/response/deployments/[\w-]+/$"))
        deployment = page.url
    expect(page.locator("#contingents tbody tr")).to_have_count(3)
    expect(page.locator("#contingents tfoot")).to_contain_text("500")
    page.click("#withdraw summary")
    page.fill("#withdraw input[name=on]", day(WITHDRAWN))
    page.fill("#withdraw input[name=reason]", "Задачи выполнены")
    page.click("#withdraw button[type=submit]")
    expect(page).to_have_url(deployment)
    expect(page.locator("main .lead")).to_contain_text(day(WITHDRAWN))
    return deployment


def deliver(page: Page, request_url: str) -> None:
    """In Russian: Russia delivers the tents in two consignments; the gap goes to zero."""
    page.goto(f"{request_url}offers/")
    line = page.locator("table.gap tbody tr").first.locator("td")
    for quantity, on, waybill, delivered, gap in (
        ("60", FIRST_DELIVERY, "Накладная 1", "60", "40"),
        ("40", LAST_DELIVERY, "Накладная 2", "100", "0"),
    ):
        form = offer_row(page, "Россия").locator("form", has=page.locator("button[value=deliver]"))
        form.locator("input[name=quantity]").fill(quantity)
        form.locator("input[name=on]").fill(day(on))
        form.locator("input[name=source]").fill(waybill)
        form.locator("button[value=deliver]").click()
        expect(line.nth(5)).to_have_text(delivered)
        expect(line.last).to_have_text(gap)
    expect(page.locator("main")).to_contain_text("исполнен")


EXPECTED_ORDER = [
    "crisis.started",
    "request.step",
    "consultation",
    "decision",
    "document",
    "offer.made",
    "offer.accepted",
    "offer.declined",
    "offer.withdrawn",
    "deployment.deployed",
    "contingent.deployed",
    "contingent.withdrawn",
    "deployment.withdrawn",
    "delivery",
]


def check_timeline(page: Page, server: str, request_url: str) -> None:
    """In Russian: the request completed with no gap; the timeline in date order; as of a day
    before the decision, only what had happened by then."""
    page.goto(request_url)
    expect(page.locator("#status")).to_contain_text("исполнен")
    expect(page.locator("#lines")).to_contain_text("Палатки")
    gap = page.locator("#lines tbody tr").first.locator("td").last
    expect(gap).to_have_text(re.compile(r"^0(\.0+)?$"))
    expect(page.locator("#lines th").last).to_have_text("Недостаёт")

    page.goto(f"{server}/response/crises/{CRISIS}/")
    expect(page.locator("main h1")).to_have_text("Наводнения на Памире")
    expect(page.locator("main")).to_contain_text("Хронология")
    expect(page.locator("table.crisis-requests")).to_contain_text("Укрытия для Памира")
    expect(page.locator("table.crisis-requests")).to_contain_text("исполнен")
    rows = timeline_rows(page)
    kinds = [kind for kind, _date, _text in rows]
    dates = [date for _kind, date, _text in rows]
    assert dates == sorted(dates), rows
    firsts = [kinds.index(kind) for kind in EXPECTED_ORDER]
    assert firsts == sorted(firsts), kinds
    by_kind = {kind: [(date, text) for k, date, text in rows if k == kind] for kind in set(kinds)}
    assert by_kind["consultation"][0][0] == day(CONSULTED)
    assert "Кризисный центр" in by_kind["consultation"][0][1], by_kind["consultation"]
    assert by_kind["decision"] == [(day(DECIDED), by_kind["decision"][0][1])]
    assert [date for date, _ in by_kind["offer.made"]] == [day(OFFERED)] * 3
    assert len(by_kind["offer.accepted"]) == 1 and "RUS" in by_kind["offer.accepted"][0][1]
    assert len(by_kind["offer.declined"]) == 1 and "BLR" in by_kind["offer.declined"][0][1]
    assert len(by_kind["offer.withdrawn"]) == 1 and "KAZ" in by_kind["offer.withdrawn"][0][1]
    contingents = " ".join(text for _, text in by_kind["contingent.deployed"])
    assert all(code in contingents for code in CONTINGENTS), contingents
    assert len(by_kind["contingent.withdrawn"]) == 3
    assert by_kind["deployment.withdrawn"][0][0] == day(WITHDRAWN)
    assert [date for date, _ in by_kind["delivery"]] == [day(FIRST_DELIVERY), day(LAST_DELIVERY)]
    statuses = " ".join(text for _, text in by_kind["request.step"])
    assert "исполнен" in statuses, statuses
    labels = page.locator("table.timeline").inner_text()
    for label in (
        "начало кризиса",
        "консультации",
        "решение",
        "предложение принято",
        "предложение отклонено",
    ):
        assert label in labels, label
    for label in ("контингент развёрнут", "вывод сил", "поставка"):
        assert label in labels, label

    page.fill("main form.filters input[name=on]", day(DECIDED - 1))
    page.click("main form.filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"\?on="))
    kinds_then = [kind for kind, _date, _text in timeline_rows(page)]
    assert "consultation" in kinds_then and "request.step" in kinds_then, kinds_then
    later = {
        "decision",
        "document",
        "delivery",
        "deployment.deployed",
        "contingent.deployed",
        "deployment.withdrawn",
    }
    assert not later & set(kinds_then), kinds_then
    assert not any(kind.startswith("offer.") for kind in kinds_then), kinds_then


def partner_sees(partner: Page, server: str, request_url: str, deployment_url: str) -> None:
    """Serbia's liaison officer sees the public crisis, its start and the Council's public statement,
    and nothing of the members-only request: not on the crisis's page, and not its own pages."""
    partner.goto(f"{server}/response/crises/{CRISIS}/")
    expect(partner.locator("main h1")).to_have_text("Pamir floods")
    expect(partner.locator("table.crisis-requests")).to_contain_text("No request you may see belongs")
    rows = timeline_rows(partner)
    assert [(kind, date) for kind, date, _text in rows] == [
        ("crisis.started", day(STARTED)),
        ("document", day(ANNOUNCED)),
    ], rows
    expect(partner.locator("table.timeline")).to_contain_text("Statement on assistance to Tajikistan")
    expect(partner.locator("main")).not_to_contain_text("Shelter for the Pamir")
    expect(partner.locator("main")).not_to_contain_text("Tents")
    assert partner.goto(request_url).status in (403, 404)
    assert partner.goto(f"{request_url}offers/").status in (403, 404)
    assert partner.goto(deployment_url).status in (403, 404)
    partner.goto(f"{server}/response/deployments/")
    expect(partner.locator("main table")).not_to_contain_text("Tajikistan")


ADDRESS: list[str] = []


@pytest.fixture(autouse=True)
def remember(server):
    ADDRESS[:] = [server]


def whole_crisis(browser, server: str) -> None:
    page = browser.new_context(locale="en-GB").new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, server, "officer", "/response/crises/")
    record_crisis(page, server)
    request_url = record_request(page, server)

    crc = browser.new_context(locale="en-GB").new_page()
    log_in(crc, server, "crc-duty", "/response/crises/")
    consult(crc, request_url)

    no_forces_before_the_decision(page, request_url)
    council_decides(page, server, request_url)
    public_statement(page, server)
    page.click("header button[value=ru]")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    offers(page, request_url)
    deployment_url = deploy_and_withdraw(page, request_url)
    deliver(page, request_url)
    check_timeline(page, server, request_url)
    unexpected = [error for error in errors if "status of 422" not in error]  # the refused forms
    assert unexpected == [], f"the browser reported errors: {unexpected}"

    partner = browser.new_context(locale="en-GB").new_page()
    log_in(partner, server, "srb-liaison", "/response/crises/")
    partner_sees(partner, server, request_url, deployment_url)


def test_a_whole_crisis_in_english_and_russian_and_what_a_partner_sees():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            whole_crisis(browser, ADDRESS[0])
        finally:
            browser.close()
