"""Creating a request and its life: who may ask on what basis and through which channel, lines
refused whole with their field, keys, links seen only when the writer may see them, and the status
as of any date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.charter.models import State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.crisis.models import Event
from accord.response import lifecycle
from accord.response.errors import ResponseError
from accord.response.models import Request, RequestStep
from accord.response.requests import services
from accord.response.requests.presenters import request_json
from tests.accounts.helpers import make_user
from tests.response.requests.helpers import DAY, lines, make_request, values


@pytest.mark.django_db
def test_a_draft_is_created_with_its_lines_a_key_and_a_first_step(actor):
    request = make_request(actor)
    assert request.key == "tjk-2026-001" and request.status == "draft"
    assert [line.number for line in request.lines.all()] == [1, 2]
    assert request.lines.get(number=2).currency == "RUB"
    assert list(request.steps.values_list("status", "on")) == [("draft", DAY)]
    assert make_request(actor).key == "tjk-2026-002"
    assert make_request(actor, key="rasht-mudflow").key == "rasht-mudflow"
    with pytest.raises(ResponseError) as refused:
        make_request(actor, key="rasht-mudflow")
    assert refused.value.field == "key"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"kind": "supplies", "what_en": "Water", "quantity": "0", "unit": "t"}, "lines.3.quantity"),
        ({"kind": "supplies", "what_en": "Water", "quantity": "-2", "unit": "t"}, "lines.3.quantity"),
        ({"kind": "weapons", "what_en": "Water", "quantity": "2", "unit": "t"}, "lines.3.kind"),
        ({"kind": "supplies", "what_en": "Water", "quantity": "2", "unit": ""}, "lines.3.unit"),
        ({"kind": "supplies", "what_en": "", "quantity": "2", "unit": "t"}, "lines.3.what_en"),
        (
            {"kind": "funds", "what_en": "Funds", "quantity": "1", "unit": "sum", "value": "5"},
            "lines.3.currency",
        ),
        ({"kind": "funds", "what_en": "F", "quantity": "1", "unit": "s", "currency": "RUB"}, "lines.3.value"),
        (
            {"kind": "funds", "what_en": "F", "quantity": "1", "unit": "s", "value": "5", "currency": "R1"},
            "lines.3.currency",
        ),
        ({"kind": "supplies", "what_en": "Water", "quantity": "1e30", "unit": "t"}, "lines.3.quantity"),
    ],
)
def test_a_bad_line_refuses_the_whole_request_naming_its_field(actor, line, field):
    with pytest.raises(ResponseError) as refused:
        services.create_request(values(), lines(line), actor=actor)
    assert refused.value.field == field
    assert not Request.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"basis": "no-such"}, "basis", "article-4"),
        ({"channel": "bilateral"}, "addressed_to", "names the states"),
        ({"channel": "bilateral", "addressed_to": ["TJK"]}, "addressed_to.1", "itself"),
        ({"channel": "bilateral", "addressed_to": ["RUS", "XXX"]}, "addressed_to.2", "XXX"),
        ({"channel": "organization", "addressed_to": ["RUS"]}, "addressed_to", "addressed to no state"),
        ({"basis": "article-4", "channel": "bilateral", "addressed_to": ["RUS"]}, "channel", "organization"),
        ({"needed_by": DAY - datetime.timedelta(days=1)}, "needed_by", "before"),
        ({"title_en": "Request of Ivan Petrov and Oleg Sidorov"}, "title_en", "names"),
        ({"state": "SRB"}, "state", "cannot ask"),
        ({"state": "UZB", "requested_on": datetime.date(2016, 1, 1)}, "state", "cannot ask"),
        ({"crisis": "no-such"}, "crisis", "no-such"),
        ({"events": [999999]}, "events.1", "999999"),
        ({"lines_extra": 1}, "lines_extra", "no field"),
    ],
)
def test_the_rules_of_a_request_refuse_with_the_field(actor, changes, field, says):
    with pytest.raises(ResponseError) as refused:
        services.create_request(values(**changes), lines(), actor=actor)
    assert refused.value.field == field and says in str(refused.value)
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_a_partner_cannot_ask_while_a_member_can_bilaterally(actor):
    save_with_record(
        StateStatus(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01"),
        actor=actor,
    )
    with pytest.raises(ResponseError) as refused:
        make_request(actor, state="SRB")
    assert "full-participation" in str(refused.value) and "partner" in str(refused.value)
    request = make_request(actor, channel="bilateral", addressed_to=["RUS", "SRB"])
    assert sorted(request.addressed_to.values_list("code", flat=True)) == ["RUS", "SRB"]


@pytest.mark.django_db
def test_a_liaison_officer_asks_for_their_own_state_only():
    own = make_user("lo-tjk", Role.LIAISON_OFFICER, state="TJK")
    other = make_user("lo-kaz", Role.LIAISON_OFFICER, state="KAZ")
    request = services.create_request(values(), lines(), actor=Actor.for_user(own))
    assert request.state.code == "TJK"
    with pytest.raises(PermissionDenied):
        services.create_request(values(), lines(), actor=Actor.for_user(other))
    with pytest.raises(PermissionDenied):
        services.submit(request, on=DAY, actor=Actor.for_user(other))  # refused: cannot see or change it
    crc = make_user("crc-1", Role.CRC_DUTY_OFFICER)
    assert (
        services.create_request(values(state="KGZ"), lines(), actor=Actor.for_user(crc)).state.code == "KGZ"
    )
    reader = make_user("reader-1", Role.READER, state="TJK")
    with pytest.raises(PermissionDenied):
        services.create_request(values(), lines(), actor=Actor.for_user(reader))


@pytest.mark.django_db
def test_a_writer_cannot_label_above_what_they_read():
    low = make_user("crc-low", Role.CRC_DUTY_OFFICER, clearance=1)
    with pytest.raises(ResponseError) as refused:
        services.create_request(values(classification=3), lines(), actor=Actor.for_user(low))
    assert refused.value.field == "classification"
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_links_only_to_what_the_writer_may_see(actor):
    secret = Event(
        source="report",
        source_id="secret-1",
        date=DAY,
        date_precision="day",
        place="Rasht",
        place_precision="point",
        latitude=39.0,
        longitude=70.4,
        country="TJK",
        region="central-asian",
        category="terrorism",
        classification=3,
        releasability="members-only",
    )
    save_with_record(secret, actor=actor)
    low = make_user("crc-low2", Role.CRC_DUTY_OFFICER, clearance=1)
    with pytest.raises(ResponseError) as refused:
        services.create_request(values(events=[secret.pk]), lines(), actor=Actor.for_user(low))
    assert refused.value.field == "events.1"
    request = make_request(actor, events=[secret.pk])
    assert list(request.events.all()) == [secret]
    shown = request_json(low, request)
    assert shown["links"]["events"] == [{"hidden": True}]


@pytest.mark.django_db
def test_the_life_of_a_request_and_its_status_as_of_any_date(actor):
    request = make_request(actor)
    services.submit(request, on=DAY + datetime.timedelta(days=1), actor=actor)
    request.refresh_from_db()
    with pytest.raises(ResponseError) as refused:
        services.step(request, "in-delivery", on=DAY + datetime.timedelta(days=2), actor=actor)
    assert refused.value.field == "status"  # through the Organization: a body decides first
    services.step(
        request, "under-consultation", on=DAY + datetime.timedelta(days=2), actor=actor, reason="CRC"
    )
    services.step(
        request, "approved", on=DAY + datetime.timedelta(days=5), actor=actor, source="Council decision"
    )
    with pytest.raises(ResponseError) as refused:
        services.step(request, "in-delivery", on=DAY + datetime.timedelta(days=4), actor=actor)
    assert refused.value.field == "on"
    services.step(request, "in-delivery", on=DAY + datetime.timedelta(days=6), actor=actor)
    services.complete(request, on=DAY + datetime.timedelta(days=30), actor=actor)
    request.refresh_from_db()
    assert request.status == "completed"
    assert lifecycle.status_on(request, DAY - datetime.timedelta(days=1)) is None
    assert lifecycle.status_on(request, DAY) == "draft"
    assert lifecycle.status_on(request, DAY + datetime.timedelta(days=3)) == "under-consultation"
    assert lifecycle.status_on(request, DAY + datetime.timedelta(days=10)) == "in-delivery"
    shown = request_json(actor.access_user, request, DAY + datetime.timedelta(days=3))
    assert shown["status"] == "under-consultation" and len(shown["steps"]) == 3
    assert shown["gap"]["lines"][0]["requested"] == "200" and shown["gap"]["lines"][0]["gap"] == "200"
    with pytest.raises(ResponseError):
        services.withdraw(request, on=DAY + datetime.timedelta(days=31), actor=actor, reason="not needed")
    assert RequestStep.objects.filter(request=request).count() == 6


@pytest.mark.django_db
def test_withdrawal_says_why_and_a_draft_is_edited_only_as_a_draft(actor):
    request = make_request(actor, releasability="everyone")
    edited = services.edit_draft(
        request,
        {"title_en": "Mudflow", "needed_by": DAY + datetime.timedelta(days=3)},
        [{"kind": "supplies", "what_en": "Blankets", "quantity": "500", "unit": "pieces"}],
        actor=actor,
    )
    assert edited.title_en == "Mudflow" and [line.what_en for line in edited.lines.all()] == ["Blankets"]
    assert edited.releasability == "everyone"  # labels not given stay as they were
    with pytest.raises(ResponseError) as refused:
        services.edit_draft(request, {"classification": 0}, actor=actor)
    assert refused.value.field == "classification"
    with pytest.raises(ResponseError) as refused:
        services.withdraw(request, on=DAY, actor=actor, reason=" ")
    assert refused.value.field == "reason"
    services.withdraw(request, on=DAY, actor=actor, reason="The mudflow receded")
    request.refresh_from_db()
    assert request.status == "withdrawn"
    with pytest.raises(ResponseError):
        services.edit_draft(request, {"title_en": "Again"}, actor=actor)
