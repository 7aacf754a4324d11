"""The requests pages: the list with filters, sorting and an empty state, the new-request form with a
row per line and refusals beside their fields, a request as of a date with its next steps for those
who may take them, the pages in Russian, and what a partner's user may not see."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.response.models import Request
from accord.response.requests import services
from tests.accounts.helpers import login_verified, make_user
from tests.response.requests.helpers import DAY, make_request


def form_data(**changes):
    data = {
        "state": "TJK",
        "basis": "emergency",
        "channel": "organization",
        "requested_on": "2026-03-02",
        "title_en": "Mudflow in the Rasht valley",
        "source_text": "Letter of the Ministry of Emergencies",
        "classification": "1",
        "releasability": "members-only",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-kind": "supplies",
        "lines-0-what_en": "Tents",
        "lines-0-quantity": "200",
        "lines-0-unit": "tents",
        "lines-2-kind": "funds",
        "lines-2-what_en": "Funds",
        "lines-2-quantity": "1",
        "lines-2-unit": "sum",
        "lines-2-value": "5000000",
        "lines-2-currency": "RUB",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_the_list_filters_sorts_and_says_when_nothing_matches(client, actor):
    make_request(actor, title_en="Mudflow in the Rasht valley", classification=0, releasability="everyone")
    make_request(actor, state="KGZ", title_en="Earthquake in Osh", classification=0, releasability="everyone")
    page = client.get("/response/?state=KGZ&sort=state").content.decode()
    assert "Earthquake in Osh" in page and "Rasht" not in page
    assert "New request" not in page  # an anonymous reader may not ask
    assert "No request you may see matches." in client.get("/response/?year=2030").content.decode()
    assert client.get("/response/?year=abc&page=zz").status_code == 200


@pytest.mark.django_db
def test_a_liaison_officer_records_a_request_line_by_line(client):
    login_verified(client, make_user("lo-tjk", Role.LIAISON_OFFICER, state="TJK"))
    listed = client.get("/response/").content.decode()
    assert "New request" in listed and 'href="/response/"' in listed
    form = client.get("/response/requests/new/").content.decode()
    assert 'value="TJK"' in form and 'value="KAZ"' not in form.split('name="basis"')[0]
    more = client.post("/response/requests/new/", form_data(more="1"))
    assert more.status_code == 200 and 'name="lines-5-what_en"' in more.content.decode()
    refused = client.post("/response/requests/new/", form_data(**{"lines-2-currency": "R1"}))
    assert refused.status_code == 422 and "three letters" in refused.content.decode()
    unseen = client.post("/response/requests/new/", form_data(events="999999"))
    assert unseen.status_code == 422 and "999999" in unseen.content.decode()
    assert client.post("/response/requests/new/", form_data(events="x, 1")).status_code == 422
    assert not Request.objects.exists()
    answer = client.post("/response/requests/new/", form_data())
    assert answer.status_code == 302 and answer["Location"] == "/response/requests/tjk-2026-001/"
    created = Request.objects.get()
    assert [line.what_en for line in created.lines.all()] == ["Tents", "Funds"]


@pytest.mark.django_db
def test_a_liaison_officer_of_another_state_is_refused(client, actor):
    request = make_request(actor)
    login_verified(client, make_user("lo-kaz", Role.LIAISON_OFFICER, state="KAZ"))
    answer = client.post("/response/requests/new/", form_data())
    assert answer.status_code == 422 and Request.objects.count() == 1  # TJK is not a choice for them
    assert client.post(
        f"/response/requests/{request.key}/steps/", {"status": "submitted", "on": "2026-03-02"}
    ).status_code in (403, 404)
    request.refresh_from_db()
    assert request.status == "draft"


@pytest.mark.django_db
def test_the_page_shows_a_request_as_of_a_date_and_takes_its_next_step(client, actor):
    request = make_request(actor)
    login_verified(client, make_user("crc", Role.CRC_DUTY_OFFICER))
    page = client.get(f"/response/requests/{request.key}/").content.decode()
    assert (
        "Tents" in page
        and "<td>200 tents</td>" in page
        and "full-participation" in page
        and "Submitted" in page
    )
    refused = client.post(
        f"/response/requests/{request.key}/steps/", {"status": "completed", "on": "2026-03-03"}
    )
    assert refused.status_code == 422 and "cannot become" in refused.content.decode()
    moved = client.post(
        f"/response/requests/{request.key}/steps/", {"status": "submitted", "on": "2026-03-04"}
    )
    assert moved.status_code == 302
    before = client.get(f"/response/requests/{request.key}/?on=2026-03-03").content.decode()
    assert "as of 2026-03-03" in before and "<strong>draft</strong>" in before
    earlier = client.get(f"/response/requests/{request.key}/?on=2026-01-01").content.decode()
    assert "had not been made" in earlier
    assert client.get(f"/response/requests/{request.key}/?on=nonsense").status_code == 200
    assert client.get("/response/requests/no-such/").status_code == 404


@pytest.mark.django_db
def test_a_reader_sees_no_step_forms(client, actor):
    request = make_request(actor)
    login_verified(client, make_user("reader-tjk", Role.READER, state="TJK"))
    page = client.get(f"/response/requests/{request.key}/").content.decode()
    assert "Tents" in page and "Next step" not in page
    assert (
        client.post(
            f"/response/requests/{request.key}/steps/", {"status": "submitted", "on": "2026-03-02"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_pages_in_russian(client, actor):
    request = make_request(actor, title_ru="Сель в Раштской долине")
    login_verified(client, make_user("crc-ru", Role.CRC_DUTY_OFFICER))
    client.cookies["django_language"] = "ru"
    page = client.get(f"/response/requests/{request.key}/")
    text = page.content.decode()
    assert page.status_code == 200 and "Сель в Раштской долине" in text and 'lang="ru"' in text
    listed = client.get("/response/").content.decode()
    assert "Сель в Раштской долине" in listed


@pytest.mark.django_db
def test_a_partners_user_does_not_see_a_members_only_request(client, actor):
    hidden = make_request(actor, title_en="Members only", classification=0, releasability="members-only")
    services.submit(hidden, on=DAY + datetime.timedelta(days=1), actor=actor)
    login_verified(client, make_user("lo-srb", Role.LIAISON_OFFICER, state="SRB"))
    assert "Members only" not in client.get("/response/").content.decode()
    assert client.get(f"/response/requests/{hidden.key}/").status_code == 404
