"""The services that write crisis response tell the people concerned in the same transaction: a
request submitted, an offer made and accepted, a decision taken, a delivery recorded — each once, to
the duty officers and the contact points of the states concerned."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from accord.accounts.models import Role
from accord.charter.models import State
from accord.crisis.models import Notification
from accord.response import offer_services
from accord.response.consultation_services import decide
from accord.response.requests import services as request_services
from tests.accounts.helpers import make_user
from tests.response.consult_factory import ACTOR, DAY, council_decision, submitted_request

pytestmark = pytest.mark.django_db
LATER = DAY + datetime.timedelta(days=3)


def news_of(username: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__username=username)
        .order_by("id")
        .values_list("kind", flat=True)
    )


@pytest.fixture
def people():
    return {
        "duty": make_user("news-duty", Role.CRC_DUTY_OFFICER),
        "kgz": make_user("news-kgz", Role.LIAISON_OFFICER, state="KGZ"),
        "rus": make_user("news-rus", Role.LIAISON_OFFICER, state="RUS"),
        "kaz": make_user("news-kaz", Role.LIAISON_OFFICER, state="KAZ"),
    }


def test_submitting_a_request_tells_its_state_and_the_duty_officers(people):
    values = {
        "state": "KGZ",
        "basis": "emergency",
        "channel": "organization",
        "requested_on": DAY,
        "title_en": "Help after the floods",
        "classification": 1,
        "releasability": "members-only",
    }
    line = {"kind": "supplies", "what_en": "tents", "quantity": "10", "unit": "tents"}
    request_services.create_request(values, [line], actor=ACTOR, submit=True)
    assert news_of("news-duty") == news_of("news-kgz") == ["request.submitted"]
    assert news_of("news-kaz") == []
    draft = request_services.create_request({**values, "key": "kgz-draft"}, [line], actor=ACTOR)
    assert news_of("news-duty") == ["request.submitted"]  # a draft tells nobody
    request_services.submit(draft, on=DAY, actor=ACTOR)
    assert news_of("news-duty") == ["request.submitted", "request.submitted"]


def test_the_decision_the_offer_its_acceptance_and_the_delivery_each_tell_once(people):
    request = submitted_request()
    request.lines.create(number=1, kind="supplies", what_en="tents", quantity=Decimal(10), unit="tents")
    decide(request, council_decision(DAY + datetime.timedelta(days=1)), actor=ACTOR)
    offer = offer_services.make_offer(
        request, line=1, state=State.objects.get(code="RUS"), quantity=Decimal(10), on=LATER, actor=ACTOR
    )
    offer_services.accept_offer(offer, on=LATER, actor=ACTOR)
    offer_services.deliver(
        offer, quantity=Decimal(10), on=LATER, source="acceptance certificate", actor=ACTOR
    )
    expected = ["decision.taken", "offer.made", "offer.accepted", "delivery.recorded"]
    assert news_of("news-duty") == expected
    assert news_of("news-kgz") == expected
    assert news_of("news-rus") == expected[1:]  # the offering state hears of its offer from then on
    assert news_of("news-kaz") == []
