"""The crises pages: the list (filters, pagination, empty state), a crisis's timeline (as of a date,
each entry's classification, its requests' status, link forms for who may), the new crisis form, in
both languages."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.classification import Classification, Releasability
from accord.response.models import Crisis
from tests.accounts.helpers import login_verified, make_user
from tests.response import timeline_factories as make
from tests.response.timeline_factories import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = make_user("pg-crc", Role.CRC_DUTY_OFFICER)
    login_verified(client, user)
    return user


def test_the_list_is_empty_then_filters_and_pages(client, officer):
    assert "No crisis you may see matches." in client.get("/response/crises/").content.decode()
    for number in range(30):
        make.make_crisis(f"pg-{number:02d}", title_en=f"Crisis {number:02d}", started_on=day(number))
    first = client.get("/response/crises/").content.decode()
    assert "Crisis 29" in first and "Crisis 00" not in first and "page 1 of 2" in first
    oldest = client.get("/response/crises/?sort=started_on").content.decode()
    assert "Crisis 00" in oldest
    assert "Crisis 07" in client.get("/response/crises/?q=Crisis 07").content.decode()
    assert "No crisis" in client.get("/response/crises/?going_on=no").content.decode()


def test_a_crisis_page_shows_its_timeline_as_of_a_date(client, officer):
    crisis = make.make_crisis("pg-floods", title_en="Floods")
    request = make.make_request(crisis, on=day(1), key="pg-help", title_en="Boats")
    make.step(request, "submitted", day(1))
    make.step(request, "under-consultation", day(5))
    page = client.get("/response/crises/pg-floods/").content.decode()
    assert "Boats" in page and "under consultation" in page and "RESTRICTED" in page
    assert "Link a record to the crisis" in page
    then = client.get("/response/crises/pg-floods/?on=2026-03-03").content.decode()
    assert "The crisis as it stood on 2026-03-03." in then
    assert "under consultation" not in then and "submitted" in then
    assert client.get("/response/crises/pg-floods/?on=2026-02-30").status_code == 200
    assert client.get("/response/crises/no-such/").status_code == 404


def test_linking_on_the_page(client, officer):
    crisis = make.make_crisis("pg-link")
    request = make.make_request(None, key="pg-linked")
    answer = client.post("/response/crises/pg-link/", {"kind": "request", "name": "pg-linked"})
    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.crisis == crisis
    refused = client.post("/response/crises/pg-link/", {"kind": "request", "name": "no-such"})
    assert "no request no-such you may see" in refused.content.decode()


def test_a_reader_sees_no_link_form_and_may_not_post(client):
    make.make_crisis("pg-read")
    login_verified(client, make_user("pg-reader", Role.READER, state="KAZ"))
    assert "Link a record" not in client.get("/response/crises/pg-read/").content.decode()
    assert client.post("/response/crises/pg-read/", {"kind": "request", "name": "x"}).status_code == 403
    assert client.get("/response/crises/new/").status_code == 403


def test_a_partner_sees_only_the_entries_it_may(client):
    crisis = make.make_crisis("pg-partner")
    make.make_request(crisis, key="pg-open", title_en="Open help")
    secret = make.make_request(
        crisis,
        key="pg-secret",
        title_en="Secret help",
        classification=Classification.SECRET,
        releasability=Releasability.MEMBERS_ONLY,
    )
    make.step(secret, "submitted", day(2))
    make.make_partner("SRB")
    login_verified(client, make_user("pg-partner", Role.LIAISON_OFFICER, state="SRB"))
    page = client.get("/response/crises/pg-partner/").content.decode()
    assert "Open help" in page and "Secret help" not in page


def test_a_new_crisis_from_the_form_in_russian(client, officer):
    client.cookies["django_language"] = "ru"
    page = client.get("/response/crises/new/")
    assert page.status_code == 200
    answer = client.post(
        "/response/crises/new/",
        {
            "key": "pg-new",
            "title_en": "Quake",
            "title_ru": "Землетрясение",
            "started_on": "2026-03-01",
            "states": ["KAZ"],
            "classification": "1",
            "releasability": "members-only",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Crisis.objects.get(key="pg-new").title_ru == "Землетрясение"
    shown = client.get("/response/crises/pg-new/").content.decode()
    assert "Землетрясение" in shown and "Дата" in shown  # the crisis's own title, the site's words
    refused = client.post(
        "/response/crises/new/",
        {
            "key": "pg-new",
            "title_en": "Again",
            "started_on": "2026-03-01",
            "classification": "1",
            "releasability": "members-only",
        },
    )
    assert refused.status_code == 200 and 'class="error"' in refused.content.decode()
    assert Crisis.objects.filter(key="pg-new").count() == 1
