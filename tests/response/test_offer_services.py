"""Offers and deliveries follow the charter and the request's life: who may offer on which basis, the
requesting state's answer, the gap as of a date (a pledge is not counted), delivery bounds and
completion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.charter.models import State
from accord.core.audit import Actor
from accord.response.errors import ResponseError
from accord.response.gap import request_gap
from accord.response.lifecycle import move, status_on
from accord.response.models import Delivery, OfferStatus, RequestStatus
from accord.response.offer_services import (
    accept_offer,
    decline_offer,
    deliver,
    deliver_without_offer,
    make_offer,
    withdraw_offer,
)
from tests.accounts.helpers import make_user
from tests.response.factory import ACTOR, D, make_partner, make_request

pytestmark = pytest.mark.django_db


def state(code: str) -> State:
    return State.objects.get(code=code)


OFFERED = D(2022, 3, 2)


def offer(request, code="KAZ", quantity="4", on=OFFERED, **values):
    return make_offer(
        request, line=1, state=state(code), quantity=Decimal(quantity), on=on, actor=ACTOR, **values
    )


def refused(field: str, call, *args, **kwargs) -> str:
    with pytest.raises(ResponseError) as error:
        call(*args, **kwargs)
    assert error.value.field == field, str(error.value)
    return str(error.value)


def test_a_member_offers_against_a_line():
    made = offer(make_request(), value=Decimal("1000"), currency="rub")
    assert made.status == OfferStatus.PLEDGED
    assert made.currency == "RUB"
    assert made.line.number == 1


def test_a_state_does_not_offer_to_itself():
    refused("state", offer, make_request(), code="TJK")


def test_a_partner_may_offer_against_terrorism_only():
    make_partner("SRB")
    terror = make_request("terror", basis="terrorism")
    assert offer(terror, code="SRB").state.code == "SRB"
    why = refused("state", offer, make_request("quake", basis="emergency"), code="SRB")
    assert "partner" in why and "full-participation" in why


def test_a_state_without_status_or_a_suspended_member_may_not_offer():
    refused("state", offer, make_request(), code="SRB")  # no status in the shipped charter
    refused("state", offer, make_request("second"), code="UZB")  # suspended since 2012


def test_the_status_on_the_day_of_the_offer_counts():
    make_partner("SRB", since=D(2023, 1, 1))
    terror = make_request("terror", basis="terrorism")
    refused("state", offer, terror, code="SRB", on=D(2022, 6, 1))
    assert offer(terror, code="SRB", on=D(2023, 2, 1)).pk


def test_only_submitted_open_requests_take_offers():
    draft = make_request("draft", status="draft")
    refused("on", offer, draft)
    refused("on", offer, make_request("later"), on=D(2022, 2, 1))  # before it was submitted
    refused("request", offer, make_request("withdrawn", status="withdrawn"))


def test_a_bilateral_request_takes_offers_from_its_addressees_only():
    request = make_request("bilateral", channel="bilateral", basis="epidemic", to=("RUS",))
    refused("state", offer, request, code="KAZ")
    assert offer(request, code="RUS").pk


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-1"}, "quantity"),
        ({"value": Decimal("5")}, "currency"),
        ({"currency": "RUB"}, "value"),
        ({"value": Decimal("5"), "currency": "roubles"}, "currency"),
    ],
)
def test_bad_amounts_are_refused_with_their_field(values, field):
    refused(field, offer, make_request(), **values)


def test_an_unknown_line_is_refused():
    with pytest.raises(ResponseError) as error:
        make_offer(
            make_request(), line=9, state=state("KAZ"), quantity=Decimal(1), on=D(2022, 3, 2), actor=ACTOR
        )
    assert error.value.field == "line"


def test_a_liaison_officer_offers_for_their_own_state_only():
    officer = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ")
    request = make_request()
    made = make_offer(
        request,
        line=1,
        state=state("KAZ"),
        quantity=Decimal(1),
        on=D(2022, 3, 2),
        actor=Actor.for_user(officer),
    )
    assert made.pk
    with pytest.raises(PermissionDenied):
        make_offer(
            request,
            line=1,
            state=state("RUS"),
            quantity=Decimal(1),
            on=D(2022, 3, 2),
            actor=Actor.for_user(officer),
        )


def test_the_requesting_state_accepts_and_declines_others_do_not():
    request = make_request(status="approved")
    first, second = offer(request), offer(request, code="RUS")
    stranger = Actor.for_user(make_user("rus-liaison", Role.LIAISON_OFFICER, state="RUS"))
    with pytest.raises(PermissionDenied):
        accept_offer(first, on=D(2022, 3, 3), actor=stranger)
    owner = Actor.for_user(make_user("tjk-liaison", Role.LIAISON_OFFICER, state="TJK"))
    accepted = accept_offer(first, on=D(2022, 3, 3), actor=owner, reason="Needed at once")
    assert (accepted.status, accepted.accepted_on) == (OfferStatus.COMMITTED, D(2022, 3, 3))
    refused("reason", decline_offer, second, on=D(2022, 3, 3), actor=owner, reason=" ")
    declined = decline_offer(second, on=D(2022, 3, 3), actor=owner, reason="Not the kind needed")
    assert (declined.status, declined.declined_on) == (OfferStatus.DECLINED, D(2022, 3, 3))
    refused("offer", accept_offer, declined, on=D(2022, 3, 4), actor=owner)


def test_an_answer_cannot_come_before_the_offer():
    made = offer(make_request(), on=D(2022, 3, 5))
    refused("on", accept_offer, made, on=D(2022, 3, 4), actor=ACTOR)


def test_the_gap_counts_commitments_not_pledges_as_of_a_date():
    request = make_request(status="approved", lines=(("equipment", "Field hospitals", "10"),))
    made = offer(request, quantity="6", on=D(2022, 3, 2))
    offer(request, code="RUS", quantity="3", on=D(2022, 3, 2))
    line = request_gap(request, D(2022, 3, 2)).lines[0]
    assert (line.pledged, line.committed, line.uncommitted) == (Decimal(9), Decimal(0), Decimal(10))
    accept_offer(made, on=D(2022, 3, 4), actor=ACTOR)
    before, after = request_gap(request, D(2022, 3, 3)).lines[0], request_gap(request, D(2022, 3, 4)).lines[0]
    assert before.committed == 0 and after.committed == 6
    assert after.uncommitted == 4 and after.pledged == 3


def test_the_first_accepted_offer_of_an_approved_request_starts_delivery():
    request = make_request(status="approved")
    accept_offer(offer(request), on=D(2022, 3, 4), actor=ACTOR)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DELIVERY
    assert status_on(request, D(2022, 3, 3)) == RequestStatus.APPROVED


def test_an_offer_on_an_organization_request_is_accepted_only_after_the_decision():
    request = make_request(status="under-consultation")
    made = offer(request)  # pledged during the consultations
    refused("on", accept_offer, made, on=D(2022, 3, 4), actor=ACTOR)
    made.refresh_from_db()
    request.refresh_from_db()
    assert (made.status, made.accepted_on) == (OfferStatus.PLEDGED, None)
    assert request.status == RequestStatus.UNDER_CONSULTATION
    move(request, RequestStatus.APPROVED, on=D(2022, 3, 5), actor=ACTOR)
    refused("on", accept_offer, made, on=D(2022, 3, 4), actor=ACTOR)  # the status on the day counts
    accepted = accept_offer(made, on=D(2022, 3, 6), actor=ACTOR)
    assert (accepted.status, accepted.accepted_on) == (OfferStatus.COMMITTED, D(2022, 3, 6))
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DELIVERY
    assert status_on(request, D(2022, 3, 5)) == RequestStatus.APPROVED


def test_a_bilateral_request_goes_into_delivery_from_submitted():
    request = make_request("bi", channel="bilateral", basis="epidemic", to=("RUS",))
    accept_offer(offer(request, code="RUS"), on=D(2022, 3, 4), actor=ACTOR)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DELIVERY


def test_deliveries_only_against_commitments_within_what_remains():
    request = make_request(status="approved")
    made = offer(request, quantity="6")
    refused("offer", deliver, made, quantity=Decimal(1), on=D(2022, 3, 5), source="Note", actor=ACTOR)
    accept_offer(made, on=D(2022, 3, 4), actor=ACTOR)
    refused("on", deliver, made, quantity=Decimal(1), on=D(2022, 3, 3), source="Note", actor=ACTOR)
    refused("source", deliver, made, quantity=Decimal(1), on=D(2022, 3, 5), source="", actor=ACTOR)
    deliver(made, quantity=Decimal(4), on=D(2022, 3, 5), source="Waybill 1", actor=ACTOR)
    why = refused(
        "quantity", deliver, made, quantity=Decimal(3), on=D(2022, 3, 6), source="Waybill 2", actor=ACTOR
    )
    assert "2" in why
    refused("offer", withdraw_offer, made, on=D(2022, 3, 7), actor=ACTOR)


def test_the_request_completes_when_every_line_is_delivered():
    request = make_request(status="approved", lines=(("equipment", "Tents", "5"), ("supplies", "Water", "2")))
    first = offer(request, quantity="5")
    second = make_offer(
        request, line=2, state=state("RUS"), quantity=Decimal(2), on=D(2022, 3, 2), actor=ACTOR
    )
    for made in (first, second):
        accept_offer(made, on=D(2022, 3, 4), actor=ACTOR)
    deliver(first, quantity=Decimal(5), on=D(2022, 3, 6), source="Waybill", actor=ACTOR)
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_DELIVERY
    deliver(
        second,
        quantity=Decimal(2),
        value=Decimal(900),
        currency="USD",
        on=D(2022, 3, 8),
        source="Waybill",
        actor=ACTOR,
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED
    assert status_on(request, D(2022, 3, 7)) == RequestStatus.IN_DELIVERY
    gap = request_gap(request, D(2022, 3, 7))
    assert [line.gap for line in gap.lines] == [0, 2] and not gap.closed
    assert request_gap(request).closed and request_gap(request).delivered_values == {"USD": Decimal(900)}


def test_withdrawing_an_offer_takes_it_out_of_the_gap_from_that_day():
    request = make_request(status="approved")
    made = offer(request, quantity="6")
    accept_offer(made, on=D(2022, 3, 4), actor=ACTOR)
    refused("on", withdraw_offer, made, on=D(2022, 3, 3), actor=ACTOR)
    withdraw_offer(made, on=D(2022, 3, 10), actor=ACTOR)
    assert request_gap(request, D(2022, 3, 9)).lines[0].committed == 6
    assert request_gap(request, D(2022, 3, 10)).lines[0].committed == 0


def test_only_the_offering_state_withdraws():
    made = offer(make_request())
    other = Actor.for_user(make_user("tjk-liaison", Role.LIAISON_OFFICER, state="TJK"))
    with pytest.raises(PermissionDenied):
        withdraw_offer(made, on=D(2022, 3, 4), actor=other)


def test_a_delivery_without_an_offer_from_the_organization():
    made = deliver_without_offer(
        donor=None,
        recipient=state("KGZ"),
        kind="equipment",
        what_en="Radar station",
        quantity=Decimal(1),
        unit="units",
        on=D(2022, 5, 1),
        source="Secretariat note",
        actor=ACTOR,
    )
    assert made.offer is None and made.donor_state is None
    refused(
        "recipient",
        deliver_without_offer,
        donor=state("KGZ"),
        recipient=state("KGZ"),
        kind="equipment",
        what_en="Radar",
        on=D(2022, 5, 1),
        source="x",
        actor=ACTOR,
    )
    officer = Actor.for_user(make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ"))
    with pytest.raises(PermissionDenied):
        deliver_without_offer(
            donor=None,
            recipient=state("KGZ"),
            kind="equipment",
            what_en="Radar",
            on=D(2022, 5, 1),
            source="x",
            actor=officer,
        )
    assert Delivery.objects.filter(what_en="Radar").count() == 0
