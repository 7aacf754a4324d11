"""The crisis response part of the reference harness's world: hidden requests, decisions, events,
episodes, reports and offers behind public deployments, consultations, requests, deliveries and a
crisis, and the scenarios that show each link only to who may follow it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from accord.charter.models import Body, State
from accord.core.audit import save_with_record
from accord.crisis.models import Event
from accord.decisions.models import AgendaItem, Document
from tests.core.reference_parts import SYSTEM, P, S, Scenario, session


class ResponseWorld:
    """The response records of :class:`tests.core.test_references.World` (a mixin of it)."""

    def make_response(self) -> None:
        """A public deployment and a public consultation on a hidden request, whose mandate and proposed
        item is an item of the hidden session."""
        from accord.charter.models import AssistanceBasis
        from accord.forces.models import Formation
        from accord.response.models import Consultation, Deployment, Request

        today = timezone.localdate()
        self.hidden_request = Request(pk=9_610_000, key="andromeda-hidden")
        request_fields = {
            "state": State.objects.get(code="KGZ"),
            "basis": AssistanceBasis.objects.get(key="emergency"),
            "channel": "organization",
            "title_en": "Andromeda hidden request",
            "requested_on": today,
            "classification": S,
            "releasability": "members-only",
        }
        save_with_record(self.hidden_request, actor=SYSTEM, fields=request_fields)
        self.pulsar_item = AgendaItem(pk=9_620_000, session=self.hidden_session, number=1)
        save_with_record(self.pulsar_item, actor=SYSTEM, fields={"title_en": "Pulsar hidden item"})
        self.open_deployment = Deployment(key="open-deployment")
        deployment_fields = {
            "formation": Formation.objects.get(key="peacekeeping"),
            "request": self.hidden_request,
            "mandate": self.pulsar_item,
            "host": State.objects.get(code="KGZ"),
            "deployed_on": today,
            "classification": P,
            "releasability": "everyone",
        }
        save_with_record(self.open_deployment, actor=SYSTEM, fields=deployment_fields)
        consulted = session("Open consultation of the CRC")
        save_with_record(
            consulted, actor=SYSTEM, fields={"body": Body.objects.get(key="crisis-response-center")}
        )
        self.open_consultation = Consultation(session=consulted)
        consultation_fields = {
            "request": self.hidden_request,
            "proposal_to": Body.objects.get(key="csc"),
            "proposal_item": self.pulsar_item,
            "outcome_en": "Open proposal",
        }
        save_with_record(self.open_consultation, actor=SYSTEM, fields=consultation_fields)

    def response_scenarios(self) -> dict[str, Scenario]:
        deployment_page = "/response/deployments/open-deployment/"
        deployment_api = "/api/v1/response/deployments/open-deployment"
        consultation_page = f"/response/consultations/{self.open_consultation.pk}/"
        consultation_api = f"/api/v1/response/consultations/{self.open_consultation.pk}"
        request = (str(self.hidden_request.pk), "Andromeda hidden request")
        item = (str(self.pulsar_item.pk), "Pulsar hidden item")
        return {
            "response.deployment.request": Scenario(
                request,
                ((deployment_page, request[1]),),
                ((deployment_api, lambda answer: answer["request"]),),
            ),
            "response.deployment.mandate": Scenario(
                item, ((deployment_page, item[1]),), ((deployment_api, lambda answer: answer["mandate"]),)
            ),
            "response.consultation.request": Scenario(
                request,
                ((consultation_page, request[1]),),
                ((consultation_api, lambda answer: answer["request"]),),
            ),
            "response.consultation.proposal_item": Scenario(
                item,
                ((consultation_page, item[1]),),
                ((consultation_api, lambda answer: answer["proposal_item"]),),
            ),
            # The crisis of a deployment or a consultation is shown by neither's page nor API answer
            # (the crisis's own timeline lists them, from the crisis).
            "response.deployment.crisis": Scenario((), ()),
            "response.consultation.crisis": Scenario((), ()),
        }

    def make_request(self) -> None:
        """An open request for assistance that refers to a hidden crisis, event, alert episode and
        report, and was decided by an agenda item of a hidden session."""
        from accord.crisis.models import Episode, Series, SituationReport
        from accord.response.models import Crisis
        from accord.response.requests import services as request_services

        hidden = {"classification": S, "releasability": "members-only"}
        today = timezone.localdate()
        self.hidden_crisis = Crisis(pk=9_630_000)
        save_with_record(
            self.hidden_crisis,
            actor=SYSTEM,
            fields={"key": "orion-hidden", "title_en": "Orion hidden crisis", "started_on": today, **hidden},
        )
        self.hidden_event = Event(pk=9_640_000)
        save_with_record(
            self.hidden_event, actor=SYSTEM, fields={**self.event_fields(), "source_id": "hidden-2", **hidden}
        )
        series = Series.objects.create(key="vega.hidden", country="KAZ")
        self.hidden_episode = Episode(pk=9_650_000)
        save_with_record(
            self.hidden_episode,
            actor=SYSTEM,
            fields={
                "series": series,
                "method": "ewma",
                "opened_on": today,
                "last_alert_on": today,
                "level": "red",
                **hidden,
            },
        )
        self.hidden_report = SituationReport(pk=9_660_000)
        save_with_record(
            self.hidden_report,
            actor=SYSTEM,
            fields={
                "scope": "KAZ",
                "report_date": today,
                "number": "Lyra hidden report",
                "drafted_by": "x",
                "drafted_at": timezone.now(),
                **hidden,
            },
        )
        self.vega_item = AgendaItem(pk=9_670_000, session=self.hidden_session, number=9)
        save_with_record(self.vega_item, actor=SYSTEM, fields={"title_en": "Vega hidden item"})
        self.open_request = request_services.create_request(
            {
                "state": "KAZ",
                "basis": "emergency",
                "channel": "organization",
                "requested_on": today,
                "title_en": "Open request",
                "classification": P,
                "releasability": "everyone",
                "crisis": "orion-hidden",
                "events": [self.hidden_event.pk],
                "episodes": [self.hidden_episode.pk],
                "reports": [self.hidden_report.pk],
            },
            [{"kind": "supplies", "what_en": "Tents", "quantity": "1", "unit": "tents"}],
            actor=SYSTEM,
        )
        save_with_record(self.open_request, actor=SYSTEM, fields={"decision_item": self.vega_item})

    def request_scenarios(self) -> dict[str, Scenario]:
        page = f"/response/requests/{self.open_request.key}/"
        api = f"/api/v1/response/requests/{self.open_request.key}"

        def scenario(record, title: str, read: Callable[[dict], object]) -> Scenario:
            return Scenario((str(record.pk), title), ((page, title),), ((api, read),))

        def untitled(record, read: Callable[[dict], object]) -> Scenario:
            """A target whose title is built from public parts (a date, a country, a series): only its
            id is a marker; a cleared reader finds its title on the page."""
            from accord.core.references import record_title

            return Scenario((str(record.pk),), ((page, record_title(record)),), ((api, read),))

        return {
            "response.request.crisis": scenario(
                self.hidden_crisis, "Orion hidden crisis", lambda answer: answer["links"]["crisis"]
            ),
            "response.request.decision_item": scenario(
                self.vega_item, "Vega hidden item", lambda answer: answer["decision"]["item"]
            ),
            "response.request.events": untitled(
                self.hidden_event, lambda answer: answer["links"]["events"][0]
            ),
            "response.request.episodes": untitled(
                self.hidden_episode, lambda answer: answer["links"]["episodes"][0]
            ),
            "response.request.reports": scenario(
                self.hidden_report, "Lyra hidden report", lambda answer: answer["links"]["reports"][0]
            ),
        }

    def crisis_scenarios(self) -> dict[str, Scenario]:
        """A public crisis grouping hidden records: its timeline names them only to who may see them."""
        page = f"/response/crises/{self.open_crisis.key}/"
        return {
            "response.crisis.documents": Scenario(
                (str(self.hidden_document.pk), "Nebula hidden document"), ((page, "Nebula hidden document"),)
            ),
            "response.crisis.events": Scenario(
                ("9690000", "Andromeda hidden event"), ((page, "Andromeda hidden event"),)
            ),
            # The series is public (its key shows on the episodes page); the episode is not.
            "response.crisis.episodes": Scenario(("9710000",), ((page, "orion-hidden-series"),)),
            "response.crisis.reports": Scenario(
                ("9720000", "Vega hidden report"), ((page, "Vega hidden report"),)
            ),
        }


DELIVERY_YEAR = 2004  # a year no shipped delivery uses


def hidden_offer_delivered() -> tuple:
    """A public delivery against an offer on a SECRET request (labelled as written by hand, since the
    service gives a delivery its request's labels)."""
    from decimal import Decimal

    from accord.response.models import Delivery, Offer
    from tests.response.factory import make_request

    hidden = make_request("vega-hidden-request", classification=S, on=datetime.date(DELIVERY_YEAR, 1, 5))
    offer = Offer(
        pk=9_680_000,
        line=hidden.lines.get(),
        state=State.objects.get(code="RUS"),
        quantity=Decimal(2),
        status="committed",
        offered_on=datetime.date(DELIVERY_YEAR, 1, 6),
        accepted_on=datetime.date(DELIVERY_YEAR, 1, 7),
    )
    save_with_record(offer, actor=SYSTEM)
    delivery = Delivery(
        offer=offer,
        donor_state=offer.state,
        recipient=hidden.state,
        kind="equipment",
        what_en="Open delivery",
        quantity=Decimal(2),
        unit="units",
        delivered_on=datetime.date(DELIVERY_YEAR, 1, 8),
        classification=P,
        releasability="everyone",
    )
    save_with_record(delivery, actor=SYSTEM)
    return delivery, offer


def open_crisis(hidden_document: Document):
    """A public crisis to which a hidden document, event, alert episode and situation report belong."""
    from accord.crisis.models import Episode, Series, SituationReport
    from accord.response.crisis_services import create_crisis, link

    today = timezone.localdate()
    crisis = create_crisis(
        {
            "key": "open-crisis",
            "title_en": "Open crisis",
            "started_on": today,
            "classification": P,
            "releasability": "everyone",
            "states": ["KAZ"],
        },
        actor=SYSTEM,
    )
    hidden = {"classification": S, "releasability": "members-only"}
    event = Event(
        pk=9_690_000,
        source="report",
        source_id="harness-hidden",
        date=today,
        date_precision="day",
        place_precision="country",
        country="KAZ",
        category="other",
        description="Andromeda hidden event",
        **hidden,
    )
    save_with_record(event, actor=SYSTEM)
    series = Series.objects.create(key="orion-hidden-series", country="KAZ")
    episode = Episode(
        pk=9_710_000,
        series=series,
        method="farrington",
        opened_on=today,
        last_alert_on=today,
        level="red",
        **hidden,
    )
    save_with_record(episode, actor=SYSTEM)
    report = SituationReport(
        pk=9_720_000,
        scope="all",
        report_date=today,
        number="Vega hidden report",
        drafted_by="x",
        drafted_at=timezone.now(),
        **hidden,
    )
    save_with_record(report, actor=SYSTEM)
    for kind, name in (
        ("document", hidden_document.pk),
        ("event", event.pk),
        ("episode", episode.pk),
        ("report", report.pk),
    ):
        link(crisis, kind, name, actor=SYSTEM)
    return crisis
