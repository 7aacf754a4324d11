"""News of crisis response: for the contact points of the states concerned and the duty officers, as
their preferences ask and only of what they may see, each linking to the request's page."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.core.references import References
from accord.crisis.models import NotificationKind
from accord.crisis.notifications import notification_rows, set_preferences
from accord.response import notify
from tests.accounts.helpers import make_user
from tests.response import timeline_factories as make
from tests.response.timeline_factories import day

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("tests")


@pytest.fixture
def people():
    return {
        "kaz": make_user("n-kaz", Role.LIAISON_OFFICER, state="KAZ"),
        "rus": make_user("n-rus", Role.LIAISON_OFFICER, state="RUS"),
        "arm": make_user("n-arm", Role.LIAISON_OFFICER, state="ARM"),
        "duty": make_user("n-duty", Role.CRC_DUTY_OFFICER),
        "reader": make_user("n-reader", Role.READER, state="KAZ"),
        "low-duty": make_user("n-low", Role.CRC_DUTY_OFFICER, clearance=Classification.RESTRICTED),
    }


def told(notifications) -> set[str]:
    return {item.recipient.username for item in notifications}


def test_request_submitted_tells_its_state_and_the_duty_officers(people):
    request = make.make_request(None, key="n-request")
    assert told(notify.request_submitted(request, ACTOR)) == {"n-kaz", "n-duty", "n-low"}


def test_a_bilateral_request_tells_the_states_it_is_addressed_to(people):
    request = make.make_request(None, channel="bilateral")
    request.addressed_to.add(make.state("ARM"))
    assert "n-arm" in told(notify.request_submitted(request, ACTOR))


def test_offers_tell_the_requesting_and_the_offering_state(people):
    line = make.line(make.make_request(None))
    offer = make.offer(line, "RUS", day(2))
    assert told(notify.offer_made(offer, ACTOR)) == {"n-kaz", "n-rus", "n-duty", "n-low"}
    assert told(notify.offer_accepted(offer, ACTOR)) == {"n-kaz", "n-rus", "n-duty", "n-low"}
    assert {item.kind for item in notify.offer_accepted(offer, ACTOR)} == {NotificationKind.OFFER_ACCEPTED}


def test_nobody_is_told_of_what_they_may_not_see(people):
    secret = make.make_request(
        None, classification=Classification.SECRET, releasability=Releasability.MEMBERS_ONLY
    )
    assert told(notify.decision_taken(secret, ACTOR)) == {"n-kaz", "n-duty"}


def test_preferences_are_honoured(people):
    set_preferences(people["duty"], {"kinds": ["offer.made"]}, actor=Actor.for_user(people["duty"]))
    request = make.make_request(None)
    assert "n-duty" not in told(notify.request_submitted(request, ACTOR))


def test_the_actor_is_not_told_of_their_own_deed(people):
    request = make.make_request(None)
    assert "n-kaz" not in told(notify.request_submitted(request, Actor.for_user(people["kaz"])))


def test_a_notification_links_to_the_request_page(people):
    request = make.make_request(None, key="n-linked")
    offer = make.offer(make.line(request), "RUS", day(2))
    written = notify.offer_made(offer, ACTOR)
    mine = [item for item in written if item.recipient == people["kaz"]]
    row = notification_rows(References(people["kaz"]), mine)[0]
    assert row.url.endswith("/response/requests/n-linked/")
    assert str(row.kind) == "offer of assistance made"


def test_a_delivery_links_only_to_a_page_its_reader_may_see(people):
    crisis = make.make_crisis("n-crisis")
    secret = make.make_request(
        None, classification=Classification.SECRET, releasability=Releasability.MEMBERS_ONLY
    )
    offer = make.offer(make.line(secret), "RUS", day(2))
    delivery = make.delivery(crisis, day(5), against=offer)
    written = notify.delivery_recorded(delivery, ACTOR)
    low = [item for item in written if item.recipient == people["low-duty"]]
    high = [item for item in written if item.recipient == people["duty"]]
    assert notification_rows(References(people["low-duty"]), low)[0].url.endswith(
        "/response/crises/n-crisis/"
    )
    assert notification_rows(References(people["duty"]), high)[0].url.endswith(
        f"/response/requests/{secret.key}/"
    )


def test_the_notifications_page_links_to_the_request(client, people):
    from tests.accounts.helpers import login_verified

    request = make.make_request(None, key="n-page")
    written = notify.request_submitted(request, ACTOR)
    mine = next(item for item in written if item.recipient == people["kaz"])
    login_verified(client, people["kaz"])
    page = client.get("/notifications/").content.decode()
    assert "request for assistance submitted" in page and "Help at the border" in page
    opened = client.post(f"/notifications/{mine.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == "/response/requests/n-page/"
