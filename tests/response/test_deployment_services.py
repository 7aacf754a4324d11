"""Deployments of the collective forces: capacity of each contributing state, dates, mandate,
phases, withdrawal of a contingent and of the whole deployment."""

from __future__ import annotations

import datetime

import pytest

from accord.charter.models import State
from accord.forces.models import Formation
from accord.response.consultation_services import decide
from accord.response.deployment_services import (
    ContingentPlan,
    add_phase,
    deploy,
    totals,
    withdraw_contingent,
    withdraw_deployment,
)
from accord.response.errors import ResponseError
from accord.response.models import Deployment
from tests.response.consult_factory import (
    ACTOR,
    DAY,
    approve,
    approved_request,
    council_decision,
    statuses,
    submitted_request,
)

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def plan(code: str, personnel: int = 100, start=None, **values) -> ContingentPlan:
    start = start or DAY + D(days=10)
    return ContingentPlan(
        state=State.objects.get(code=code), personnel=personnel, deployed_on=start, **values
    )


def peacekeepers() -> Formation:
    return Formation.objects.get(key="peacekeeping")


def test_contingents_from_several_states_make_one_deployment_and_withdraw():
    statuses()
    request = submitted_request()
    mandate = council_decision(DAY + D(days=5))
    decide(request, mandate, actor=ACTOR)  # approved on the session's day
    first = deploy(request, peacekeepers(), plan("RUS", 300, equipment=40, mandate=mandate), actor=ACTOR)
    deploy(request, peacekeepers(), plan("KAZ", 100, start=DAY + D(days=11)), actor=ACTOR)
    deploy(
        request, peacekeepers(), plan("SRB", 20, start=DAY + D(days=12)), actor=ACTOR
    )  # a partner joins operations
    deployment = first.deployment
    assert Deployment.objects.filter(request=request).count() == 1
    assert (deployment.host.code, deployment.mandate, deployment.deployed_on) == (
        "KGZ",
        mandate,
        DAY + D(days=10),
    )
    assert totals(deployment) == {"personnel": 420, "equipment": 40}
    assert totals(deployment, DAY + D(days=10)) == {"personnel": 300, "equipment": 40}
    withdraw_contingent(deployment.contingents.get(state__code="KAZ"), DAY + D(days=20), actor=ACTOR)
    assert totals(deployment, DAY + D(days=21)) == {"personnel": 320, "equipment": 40}
    withdraw_deployment(deployment, DAY + D(days=30), actor=ACTOR, reason="tasks done")
    deployment.refresh_from_db()
    assert deployment.withdrawn_on == DAY + D(days=30)
    assert dict(deployment.contingents.values_list("state__code", "withdrawn_on")) == {
        "RUS": DAY + D(days=30),
        "KAZ": DAY + D(days=20),
        "SRB": DAY + D(days=30),
    }
    # after the withdrawal a new contingent starts a new deployment
    again = deploy(request, peacekeepers(), plan("RUS", 50, start=DAY + D(days=40)), actor=ACTOR)
    assert again.deployment != deployment and again.deployment.key.endswith("-2")


@pytest.mark.parametrize("code", ["ARM", "AFG", "UZB"])
def test_a_state_whose_status_gives_no_part_in_operations_is_refused(code):
    statuses()
    request = approved_request()
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan(code), actor=ACTOR)
    assert refused.value.field == "state" and str(refused.value)
    assert not Deployment.objects.filter(request=request).exists()


def test_the_mandate_must_be_adopted_before_the_deployment():
    request = approved_request()
    blocked = council_decision(DAY + D(days=5), objection="BLR")
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS", mandate=blocked), actor=ACTOR)
    assert refused.value.field == "mandate"
    late = council_decision(DAY + D(days=15))
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS", mandate=late), actor=ACTOR)
    assert refused.value.field == "mandate"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"personnel": 0}, "personnel"),
        ({"personnel": 10_000_000}, "personnel"),
        ({"equipment": -1}, "equipment"),
        ({"withdrawn_on": DAY}, "withdrawn_on"),
        ({"source": "Letter of Colonel I. I. Ivanov"}, "source"),
    ],
)
def test_bad_figures_and_dates_are_refused_on_their_field(values, field):
    request = approved_request()
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS", **values), actor=ACTOR)
    assert refused.value.field == field


def test_contingents_lie_within_the_deployments_dates_and_one_per_state():
    request = approved_request()
    deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR)
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("KAZ", start=DAY + D(days=9)), actor=ACTOR)
    assert refused.value.field == "deployed_on"
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS", start=DAY + D(days=12)), actor=ACTOR)
    assert refused.value.field == "state"


def test_withdrawals_are_checked():
    request = approved_request()
    contingent = deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR)
    with pytest.raises(ResponseError):
        withdraw_contingent(contingent, DAY, actor=ACTOR)
    withdraw_contingent(contingent, DAY + D(days=11), actor=ACTOR)
    with pytest.raises(ResponseError) as refused:
        withdraw_contingent(contingent, DAY + D(days=12), actor=ACTOR)
    assert refused.value.field == "contingent"
    with pytest.raises(ResponseError) as refused:
        withdraw_deployment(contingent.deployment, DAY + D(days=10), actor=ACTOR)
    assert refused.value.field == "on"


def test_phases_lie_within_the_deployment():
    request = approved_request()
    deployment = deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR).deployment
    phase = add_phase(deployment, "Deployment", DAY + D(days=10), name_ru="Развёртывание", actor=ACTOR)
    assert phase.name_ru == "Развёртывание"
    with pytest.raises(ResponseError):
        add_phase(deployment, "Before", DAY, actor=ACTOR)


def test_a_declined_request_sends_no_forces():
    request = submitted_request()
    decide(request, council_decision(DAY + D(days=1), objection="RUS"), actor=ACTOR)
    request.refresh_from_db()
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR)
    assert refused.value.field == "request"


def test_a_bilateral_request_sends_no_forces():
    statuses()
    request = approve(submitted_request("kgz-bilateral", channel="bilateral"), DAY, status="in-delivery")
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR)
    assert refused.value.field == "request" and "bilateral" in str(refused.value)
    assert not Deployment.objects.filter(request=request).exists()


def test_the_forces_are_sent_only_once_the_request_is_approved():
    statuses()
    request = submitted_request()
    with pytest.raises(ResponseError) as refused:
        deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR)
    assert refused.value.field == "deployed_on"
    decide(request, council_decision(DAY + D(days=12)), actor=ACTOR)
    request.refresh_from_db()
    with pytest.raises(ResponseError) as refused:  # the status on the day the contingent deploys counts
        deploy(request, peacekeepers(), plan("RUS", start=DAY + D(days=11)), actor=ACTOR)
    assert refused.value.field == "deployed_on"
    assert not Deployment.objects.filter(request=request).exists()
    sent = deploy(request, peacekeepers(), plan("RUS", start=DAY + D(days=12)), actor=ACTOR)
    assert sent.deployed_on == DAY + D(days=12)


def test_the_requests_decision_is_the_mandate_when_none_is_given():
    statuses()
    request = submitted_request()
    item = council_decision(DAY + D(days=5))
    decide(request, item, actor=ACTOR)
    request.refresh_from_db()
    deployment = deploy(request, peacekeepers(), plan("RUS"), actor=ACTOR).deployment
    assert deployment.mandate == item
