"""Consultations on a request (capacity of each participant, format, attendees, outcome) and the
decision that settles a request (the body's rule, the outcome's mapping to a status)."""

from __future__ import annotations

import datetime

import pytest

from accord.charter.models import Body, State
from accord.decisions.models import Session
from accord.response.consultation_services import ConsultationPlan, decide, hold_consultation, positions_of
from accord.response.errors import ResponseError
from accord.response.lifecycle import status_on
from tests.response.consult_factory import ACTOR, DAY, council_decision, statuses, submitted_request

pytestmark = pytest.mark.django_db
LATER = DAY + datetime.timedelta(days=2)


def crc_plan(*codes: str, **values) -> ConsultationPlan:
    base = {
        "body": Body.objects.get(key="crisis-response-center"),
        "on": LATER,
        "format": Session.Format.VIDEO,
        "kind": Session.Kind.OUT_OF_SCHEDULE,
        "states": list(State.objects.filter(code__in=codes)),
    }
    return ConsultationPlan(**{**base, **values})


def test_the_crc_holds_an_out_of_schedule_video_consultation_and_the_request_is_under_consultation():
    statuses()
    request = submitted_request()
    plan = crc_plan(
        "KGZ",
        "KAZ",
        "SRB",
        "AFG",
        attendees=[("heads of the military medical services", "начальники военно-медицинских служб")],
        attendee_bodies=[Body.objects.get(key="joint-staff")],
        outcome_en="Propose assistance to the Collective Security Council",
        proposal_to=Body.objects.get(key="csc"),
    )
    consultation = hold_consultation(request, plan, actor=ACTOR)
    session = consultation.session
    assert (session.body.key, session.format, session.kind) == (
        "crisis-response-center",
        "video-conference",
        "out-of-schedule",
    )
    capacities = dict(session.participants.values_list("state__code", "capacity"))
    assert capacities == {"KGZ": "member", "KAZ": "member", "SRB": "partner", "AFG": "observer"}
    assert [str(a) for a in consultation.attendees.all()] == [
        str(Body.objects.get(key="joint-staff")),
        "heads of the military medical services",
    ]
    request.refresh_from_db()
    assert request.status == "under-consultation"
    assert status_on(request, DAY) == "submitted" and status_on(request, LATER) == "under-consultation"


def test_a_frozen_member_is_refused_with_the_charters_reason():
    statuses()
    request = submitted_request()
    with pytest.raises(ResponseError) as refused:
        hold_consultation(request, crc_plan("KGZ", "ARM"), actor=ACTOR)
    assert refused.value.field == "states" and "ARM" in str(refused.value)
    assert not Session.objects.filter(body__key="crisis-response-center", date=LATER).exists()


def test_a_video_consultation_is_restricted_at_most():
    request = submitted_request()
    with pytest.raises(ResponseError) as refused:
        hold_consultation(request, crc_plan("KGZ", classification=2), actor=ACTOR)
    assert refused.value.field == "classification"
    consultation = hold_consultation(
        request, crc_plan("KGZ", format="in-person", classification=2), actor=ACTOR
    )
    assert consultation.session.classification == 2


def test_attendees_are_services_never_named_people():
    request = submitted_request()
    with pytest.raises(ResponseError) as refused:
        hold_consultation(request, crc_plan("KGZ", attendees=[("Colonel I. I. Ivanov", "")]), actor=ACTOR)
    assert refused.value.field == "attendees"


def test_a_consultation_before_the_request_is_refused():
    request = submitted_request()
    with pytest.raises(ResponseError) as refused:
        hold_consultation(request, crc_plan("KGZ", on=DAY - datetime.timedelta(days=1)), actor=ACTOR)
    assert refused.value.field == "on"


def test_the_proposal_goes_to_a_deciding_body_as_an_agenda_item():
    request = submitted_request()
    csc = council_decision(LATER + datetime.timedelta(days=5)).session
    consultation = hold_consultation(
        request, crc_plan("KGZ", outcome_en="Send help", proposal_session=csc), actor=ACTOR
    )
    assert consultation.proposal_to.key == "csc"
    assert consultation.proposal_item.session == csc and consultation.proposal_item.title_en == "Send help"
    with pytest.raises(ResponseError) as refused:
        hold_consultation(
            request, crc_plan("KGZ", proposal_to=Body.objects.get(key="secretariat")), actor=ACTOR
        )
    assert refused.value.field == "proposal_to"


def test_the_councils_consensus_approves_the_request_with_every_position():
    request = submitted_request()
    hold_consultation(request, crc_plan("KGZ"), actor=ACTOR)
    item = council_decision(LATER + datetime.timedelta(days=3))
    assert item.outcome == "adopted"
    decide(request, item, actor=ACTOR)
    request.refresh_from_db()
    assert (request.status, request.decision_item) == ("approved", item)
    assert request.steps.last().on == item.session.date
    assert {row["state"]: row["position"] for row in positions_of(item)} == {
        code: "agree" for code in ("BLR", "KAZ", "KGZ", "RUS", "TJK")
    }


def test_one_objection_blocks_the_consensus_and_declines_the_request():
    request = submitted_request()
    item = council_decision(LATER, objection="BLR")
    assert item.outcome == "not-adopted"
    decide(request, item, actor=ACTOR)
    request.refresh_from_db()
    assert request.status == "declined"


def test_another_body_cannot_decide_a_request_through_the_organization():
    request = submitted_request()
    item = council_decision(LATER, body="cmfa")
    with pytest.raises(ResponseError) as refused:
        decide(request, item, actor=ACTOR)
    assert refused.value.field == "session"


def test_an_undecided_item_decides_nothing():
    from accord.decisions.services import add_agenda_item

    request = submitted_request()
    session = council_decision(LATER).session
    pending = add_agenda_item(session, "Later", actor=ACTOR)
    with pytest.raises(ResponseError) as refused:
        decide(request, pending, actor=ACTOR)
    assert refused.value.field == "item"


def test_a_crc_duty_officer_holds_the_crcs_consultation_and_drafts_its_minutes_but_not_a_councils():
    from django.core.exceptions import PermissionDenied

    from accord.core.audit import Actor
    from accord.decisions.services import draft_minutes
    from tests.accounts.helpers import make_user

    statuses()
    officer = Actor.for_user(make_user("crc-duty", "crc-duty-officer", clearance=3))
    request = submitted_request()
    consultation = hold_consultation(request, crc_plan("KGZ", "KAZ"), actor=officer)
    minutes = draft_minutes(consultation.session, "The situation was discussed.", actor=officer)
    assert minutes.session.body.key == "crisis-response-center"
    with pytest.raises(PermissionDenied):
        hold_consultation(request, crc_plan("KGZ", body=Body.objects.get(key="csc")), actor=officer)
    assert not Session.objects.filter(body__key="csc", date=LATER).exists()
