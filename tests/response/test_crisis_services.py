"""Writing crises: who may, what is refused (with the field), and links resolved as the writer sees."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.core.models import ChangeRecord
from accord.decisions.models import Document
from accord.response import crisis_services as services
from accord.response.errors import ResponseError
from tests.accounts.helpers import make_user
from tests.response import timeline_factories as make
from tests.response.timeline_factories import day

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
VALUES = {"key": "svc-crisis", "title_en": "Floods", "started_on": datetime.date(2026, 3, 1)}


def test_a_crc_officer_creates_a_crisis_with_its_states_recorded():
    officer = make_user("svc-crc", Role.CRC_DUTY_OFFICER)
    crisis = services.create_crisis({**VALUES, "states": ["kaz", "KGZ"]}, actor=Actor.for_user(officer))
    assert sorted(crisis.states.values_list("code", flat=True)) == ["KAZ", "KGZ"]
    records = ChangeRecord.objects.filter(object_type="response.crisis", object_id=str(crisis.pk))
    assert records.count() == 2 and {record.actor_name for record in records} == {"svc-crc"}


def test_a_reader_or_liaison_officer_may_not_create():
    for name, role in (("svc-reader", Role.READER), ("svc-lo", Role.LIAISON_OFFICER)):
        with pytest.raises(PermissionDenied):
            services.create_crisis(VALUES, actor=Actor.for_user(make_user(name, role, state="KAZ")))


def test_no_one_writes_a_crisis_above_what_they_may_read():
    officer = make_user("svc-low", Role.CRC_DUTY_OFFICER, clearance=Classification.RESTRICTED)
    with pytest.raises(PermissionDenied):
        services.create_crisis(
            {**VALUES, "classification": Classification.SECRET}, actor=Actor.for_user(officer)
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"key": ""}, "key"),
        ({"started_on": None}, "started_on"),
        ({"ended_on": datetime.date(2026, 1, 1)}, "ended_on"),
        ({"states": ["XXX"]}, "states"),
        ({"summary_en": "Reported by I. I. Ivanov"}, "summary_en"),
        ({"colour": "red"}, "colour"),
        ({"releasability": Releasability.NAMED_STATES, "release_to": ["QQQ"]}, "release_to"),
    ],
)
def test_bad_values_are_refused_with_the_field(values, field):
    with pytest.raises(ResponseError) as refused:
        services.create_crisis({**VALUES, **values}, actor=SYSTEM)
    assert refused.value.field == field


def test_a_key_is_taken_once_and_never_changes():
    crisis = services.create_crisis(VALUES, actor=SYSTEM)
    with pytest.raises(ResponseError):
        services.create_crisis(VALUES, actor=SYSTEM)
    with pytest.raises(ResponseError):
        services.update_crisis(crisis, {"key": "other"}, actor=SYSTEM)
    assert services.update_crisis(crisis, {"title_ru": "Паводки", "states": ["ARM"]}, actor=SYSTEM)
    assert not services.update_crisis(crisis, {"title_ru": "Паводки", "states": ["ARM"]}, actor=SYSTEM)


def test_linking_and_unlinking_each_kind():
    crisis = make.make_crisis("svc-links")
    request = make.make_request(None, key="svc-request")
    document = Document.objects.exclude(key=None).first()
    services.link(crisis, "request", "svc-request", actor=SYSTEM)
    services.link(crisis, "document", document.key, actor=SYSTEM)
    request.refresh_from_db()
    assert request.crisis == crisis and list(crisis.documents.all()) == [document]
    services.unlink(crisis, "request", "svc-request", actor=SYSTEM)
    services.unlink(crisis, "document", document.key, actor=SYSTEM)
    request.refresh_from_db()
    assert request.crisis is None and not crisis.documents.exists()
    with pytest.raises(ResponseError):
        services.unlink(crisis, "request", "svc-request", actor=SYSTEM)


def test_a_record_the_writer_may_not_see_cannot_be_linked():
    crisis = make.make_crisis("svc-hidden")
    make.make_request(
        None, key="svc-secret", classification=Classification.SECRET, releasability=Releasability.MEMBERS_ONLY
    )
    officer = make_user("svc-crc-low", Role.CRC_DUTY_OFFICER, clearance=Classification.RESTRICTED)
    with pytest.raises(ResponseError) as refused:
        services.link(crisis, "request", "svc-secret", actor=Actor.for_user(officer))
    assert refused.value.field == "request"
    with pytest.raises(ResponseError):
        services.link(crisis, "vehicle", "1", actor=SYSTEM)


def test_a_request_is_pointed_at_a_crisis_by_key():
    make.make_crisis("svc-target")
    request = make.make_request(None, on=day(1))
    services.set_crisis_of_request(request, "svc-target", actor=SYSTEM)
    assert request.crisis.key == "svc-target"
    with pytest.raises(ResponseError):
        services.set_crisis_of_request(request, "no-such", actor=SYSTEM)
    services.set_crisis_of_request(request, None, actor=SYSTEM)
    assert request.crisis is None
