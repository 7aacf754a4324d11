"""What a request shows: the body's decision with every state's position once the session has met,
nothing of it before, and only "hidden" to a reader who may not see the session."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.charter.models import Body, State
from accord.core.audit import save_with_record
from accord.decisions.services import add_agenda_item, create_session, decide_agenda_item
from accord.response.requests.presenters import request_json
from tests.accounts.helpers import make_user
from tests.response.requests.helpers import DAY, make_request


def council_decision(actor, classification: int):
    """An item of a council session three days after the request, decided by consensus of three."""
    members = [State.objects.get(code=code) for code in ("KAZ", "RUS", "TJK")]
    session = create_session(
        {
            "body": Body.objects.get(key="csc"),
            "title_en": "Out-of-schedule session",
            "date": DAY + datetime.timedelta(days=3),
            "classification": classification,
            "releasability": "members-only",
        },
        members,
        actor=actor,
    )
    item = add_agenda_item(session, "On assistance to Tajikistan", actor=actor)
    decide_agenda_item(
        item,
        {"KAZ": ("agree", ""), "RUS": ("agree", ""), "TJK": ("reservation", "on the timing")},
        actor=actor,
    )
    return item


@pytest.mark.django_db
def test_the_decision_shows_every_position_once_taken(actor):
    request = make_request(actor, submit=True)
    item = council_decision(actor, classification=1)
    save_with_record(request, actor=actor, fields={"decision_item": item})
    shown = request_json(actor.access_user, request, None)["decision"]
    assert shown["outcome"] == item.outcome and shown["item"]["title"] == "On assistance to Tajikistan"
    assert [(p["state"], p["position"]) for p in shown["positions"]] == [
        ("KAZ", "agree"),
        ("RUS", "agree"),
        ("TJK", "reservation"),
    ]
    assert shown["positions"][2]["remark"] == "on the timing"
    assert request_json(actor.access_user, request, DAY + datetime.timedelta(days=1))["decision"] is None


@pytest.mark.django_db
def test_a_reader_who_may_not_see_the_session_learns_only_that_it_exists(actor):
    request = make_request(actor, submit=True, classification=1)
    item = council_decision(actor, classification=3)
    save_with_record(request, actor=actor, fields={"decision_item": item})
    reader = make_user("reader-low", Role.READER, state="KAZ", clearance=1)
    assert request_json(reader, request, None)["decision"] == {"item": {"hidden": True}}
