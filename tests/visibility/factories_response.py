"""The visibility harness's records of crisis response: requests at every label with their lines and
steps, consultations and deployments on requests of their own, offers and deliveries (see
``factories.py`` for how a factory makes its records)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from accord.charter.models import Body, State
from accord.core.audit import save_with_record
from accord.response.crisis_services import create_crisis
from accord.response.requests import services as request_services
from tests.visibility.factories import SESSION_STATE, children_of
from tests.visibility.matrix import GRID, Labels
from tests.visibility.world import ACTOR, Record, World, labelled, marker


def response_crises(world: World) -> Iterator[Record]:
    """Crises at every label, begun yesterday; the key and the title are the marker (the pages and the
    API name a crisis by its key)."""
    for labels in GRID:
        mark = marker("cri", labels)
        values = {"key": mark, "title_en": mark, "started_on": world.today - datetime.timedelta(days=1)}
        crisis = create_crisis(labelled(values, labels), actor=ACTOR)
        yield Record(mark, crisis.pk, labels)


def assistance_requests(world: World) -> Iterator[Record]:
    """Requests for assistance of Kazakhstan at every label, titled and keyed by their marker, each
    with one line and its first step (recorded through the service, as a coordinator would)."""
    for labels in GRID:
        mark = marker("req", labels)
        values = labelled(
            {
                "key": mark,
                "state": SESSION_STATE,
                "basis": "emergency",
                "channel": "organization",
                "requested_on": world.today,
                "title_en": mark,
                "source_text": "visibility harness",
            },
            labels,
        )
        values["release_to"] = labels.release_to
        line = {"kind": "supplies", "what_en": "tents", "quantity": "1", "unit": "tents"}
        request = request_services.create_request(values, [line], actor=ACTOR)
        yield Record(mark, request.pk, labels)


def request_lines(world: World) -> Iterator[Record]:
    def line(request, mark):
        found = request.lines.get()
        save_with_record(found, actor=ACTOR, reason="visibility harness", fields={"what_en": mark})
        return found

    return children_of(world, "response.request", "rql", line)


def request_steps(world: World) -> Iterator[Record]:
    def step(request, mark):
        found = request.steps.get()
        save_with_record(found, actor=ACTOR, reason="visibility harness", fields={"reason": mark})
        return found

    return children_of(world, "response.request", "rqs", step)


# ---------------------------------------------------------------------------------------------
# Crisis response: consultations and deployments (each on a request at the record's labels)
# ---------------------------------------------------------------------------------------------

RESPONSE_FORMATION = "peacekeeping"


def harness_request(world: World, key: str, labels: Labels, *, approved: bool = False):
    """A request of Kyrgyzstan at ``labels`` submitted yesterday (made directly: the record and its first
    step), approved today when ``approved`` (the collective forces go only on an approved request).

    Dated before today so that the requests' own records (``assistance_requests``, made today) come
    first in the newest-first request lists, whose first page is all the harness reads."""
    from accord.charter.models import AssistanceBasis
    from accord.response.models import Request, RequestStep

    request = Request(
        key=key,
        state=State.objects.get(code="KGZ"),
        basis=AssistanceBasis.objects.get(key="emergency"),
        channel="organization",
        title_en=key,
        requested_on=world.today - datetime.timedelta(days=1),
        status="submitted",
    )
    save_with_record(request, actor=ACTOR, fields=labelled({}, labels))
    step = RequestStep(request=request, status="submitted", on=request.requested_on, recorded_by=ACTOR.name)
    save_with_record(step, actor=ACTOR)
    if approved:
        step = RequestStep(request=request, status="approved", on=world.today, recorded_by=ACTOR.name)
        save_with_record(step, actor=ACTOR)
        save_with_record(request, actor=ACTOR, fields={"status": "approved"})
    return request


def consultations(world: World) -> Iterator[Record]:
    """Consultations held by the CRC today at every label (in person), each on a request at the same
    labels, Kazakhstan taking part, the outcome naming the marker, one attendee naming its own."""
    from accord.response.consultation_services import ConsultationPlan, hold_consultation

    for labels in GRID:
        mark = marker("cons", labels)
        request = harness_request(world, marker("creq", labels), labels)
        plan = ConsultationPlan(
            body=Body.objects.get(key="crisis-response-center"),
            on=world.today,
            states=[State.objects.get(code=SESSION_STATE)],
            attendees=[(marker("att", labels), "")],
            outcome_en=mark,
            classification=labels.level,
            releasability=labels.releasability,
            release_to=labels.release_to,
        )
        yield Record(mark, hold_consultation(request, plan, actor=ACTOR).pk, labels)


def consultation_attendees(world: World) -> Iterator[Record]:
    return children_of(
        world, "response.consultation", "att", lambda consultation, mark: consultation.attendees.get()
    )


def deployments(world: World) -> Iterator[Record]:
    """Deployments of the peacekeeping forces today at every label (Kazakhstan's contingent), each
    under an approved request at the same labels whose key is the marker (so the deployment's key
    holds it)."""
    from accord.forces.models import Formation
    from accord.response.deployment_services import ContingentPlan, deploy

    formation = Formation.objects.get(key=RESPONSE_FORMATION)
    for labels in GRID:
        mark = marker("dep", labels)
        request = harness_request(world, mark, labels, approved=True)
        plan = ContingentPlan(
            state=State.objects.get(code=SESSION_STATE), personnel=10, deployed_on=world.today
        )
        yield Record(mark, deploy(request, formation, plan, actor=ACTOR).deployment_id, labels)


def contingents(world: World) -> Iterator[Record]:
    return children_of(
        world, "response.deployment", "con", lambda deployment, mark: deployment.contingents.get()
    )


def deployment_phases(world: World) -> Iterator[Record]:
    from accord.response.deployment_services import add_phase

    return children_of(
        world,
        "response.deployment",
        "dph",
        lambda deployment, mark: add_phase(deployment, mark, deployment.deployed_on, actor=ACTOR),
    )


def offer_requests(world: World) -> list[Any]:
    """Kazakhstan's requests for assistance at every label, each with one line (the offers' parents).

    Made here because the requests' own declaration belongs to another subject; written through
    ``save_with_record`` with their "submitted" step, as a request's service writes them.
    """
    from accord.charter.models import AssistanceBasis
    from accord.response.models import Request, RequestLine, RequestStep

    made = []
    for labels in GRID:
        request = Request(
            key=f"vis-offreq-{labels.tag}",
            state=State.objects.get(code="KAZ"),
            basis=AssistanceBasis.objects.get(key="emergency"),
            channel="organization",
            title_en=f"vis-offreq-{labels.tag}",
            requested_on=world.today - datetime.timedelta(days=10),
            status="submitted",
            **{name: value for name, value in labelled({}, labels).items()},
        )
        save_with_record(request, actor=ACTOR, reason="visibility harness")
        line = RequestLine(request=request, number=1, kind="supplies", what_en="Water", quantity=10, unit="t")
        save_with_record(line, actor=ACTOR, reason="visibility harness")
        step = RequestStep(
            request=request, status="submitted", on=request.requested_on, recorded_by=ACTOR.name
        )
        save_with_record(step, actor=ACTOR, reason="visibility harness")
        made.append((request, labels))
    return made


def offers(world: World) -> Iterator[Record]:
    """Russia's offer against each harness request, carrying the request's labels; its source names it."""
    from accord.response.offer_services import make_offer

    for request, labels in offer_requests(world):
        mark = marker("off", labels)
        offer = make_offer(
            request,
            line=1,
            state=State.objects.get(code="RUS"),
            quantity=4,
            on=world.today - datetime.timedelta(days=5),
            source=mark,
            actor=ACTOR,
        )
        yield Record(mark, offer.pk, labels, parent_pk=request.pk)


OFFER_DELIVERY_YEAR = 2003  # a year no shipped delivery uses


def deliveries(world: World) -> Iterator[Record]:
    """Deliveries from Russia to Kyrgyzstan in OFFER_DELIVERY_YEAR at every label; what names each."""
    from accord.response.offer_services import deliver_without_offer

    for labels in GRID:
        mark = marker("dlv", labels)
        delivery = deliver_without_offer(
            donor=State.objects.get(code="RUS"),
            recipient=State.objects.get(code="KGZ"),
            kind="supplies",
            what_en=mark,
            on=datetime.date(OFFER_DELIVERY_YEAR, 5, 1),
            source="visibility harness",
            actor=ACTOR,
            labels=labelled({}, labels),
        )
        yield Record(mark, delivery.pk, labels)
