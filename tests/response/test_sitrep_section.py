"""The situation report's section "Assistance: open requests and their gap": the requests open on the
day that the reader may see, each line's gap as of that day, and the report's labels covering them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from accord.accounts.models import Role
from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.crisis import sitrep
from accord.response.offer_services import accept_offer, make_offer
from accord.response.sitrep_section import assistance_section
from tests.accounts.helpers import make_user
from tests.response.factory import ACTOR, D, make_request

pytestmark = pytest.mark.django_db


def keys(section) -> list[str]:
    return [row["request"].key for row in section["rows"]]


def test_open_requests_with_their_gap_as_of_the_day():
    request = make_request("quake", status="approved", lines=(("equipment", "Tents", "10"),))
    make_request("done", status="withdrawn")
    made = make_offer(
        request,
        line=1,
        state=State.objects.get(code="KAZ"),
        quantity=Decimal(6),
        on=D(2022, 3, 2),
        actor=ACTOR,
    )
    accept_offer(made, on=D(2022, 3, 4), actor=ACTOR)
    section = assistance_section(SYSTEM_USER, D(2022, 3, 4))
    assert keys(section) == ["quake"]
    line = section["rows"][0]["gap"].lines[0]
    assert (line.committed, line.gap) == (6, 10)
    assert keys(assistance_section(SYSTEM_USER, D(2022, 2, 1))) == []  # not yet made
    assert assistance_section(SYSTEM_USER, D(2022, 3, 3))["rows"][0]["gap"].lines[0].committed == 0


def test_only_what_the_reader_may_see_and_the_labels_follow():
    make_request("hidden", classification=3, lines=(("supplies", "Water", "5"),))
    low = make_user("low", Role.READER, state="KAZ", clearance=1)
    assert keys(assistance_section(low, D(2022, 3, 5))) == []
    assert keys(assistance_section(SYSTEM_USER, D(2022, 3, 5))) == ["hidden"]
    assert sitrep.report_labels(SYSTEM_USER, D(2022, 3, 5)).classification == 3
    assert sitrep.report_labels(low, D(2022, 3, 5)).classification < 3


def test_a_region_report_shows_the_region_states_requests_only():
    make_request("tajik", state="TJK")
    assert keys(assistance_section(SYSTEM_USER, D(2022, 3, 5), "central-asian")) == ["tajik"]
    assert keys(assistance_section(SYSTEM_USER, D(2022, 3, 5), "east-european")) == []


def test_the_report_shows_the_section_in_both_languages():
    make_request("quake", lines=(("equipment", "Tents", "10"),))
    html = sitrep.render_html(SYSTEM_USER, datetime.date(2022, 3, 5))
    assert "Assistance: open requests and their gap" in html and "Request quake" in html
    russian = sitrep.render_html(SYSTEM_USER, datetime.date(2022, 3, 5), language="ru")
    assert "Запрос quake" in russian
