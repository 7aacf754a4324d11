"""References between records, and the visibility harness that checks every one of them.

The harness finds every link between restricted models from the models' own ``_meta`` and insists
that each has a scenario here: a record every tested role may see, pointing at one none of them may
see (its id and title chosen so that any trace of them on a response is unmistakable). Every page and
API route Django knows is then fetched for every role, and none may show the hidden id or title; a
route with parameters the crawl cannot fill must be excused here by name. A new app that adds a link,
or a new page that shows one, is therefore checked without anyone remembering to add a test.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.template import Context, Template
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from pydantic import TypeAdapter

from accord.accounts.models import Role
from accord.charter.models import Body, State, StateStatus
from accord.core.access import is_public
from accord.core.audit import save_with_record
from accord.core.classification import ClassifiedModel
from accord.core.models import Run
from accord.core.references import (
    HIDDEN,
    ReferenceField,
    References,
    mask_changed_fields,
    reference_by_id,
    reference_to,
    references_from,
)
from accord.crisis.models import Event
from accord.decisions.models import AgendaItem, Document, Minutes
from tests.accounts.helpers import login_verified, make_user
from tests.core.reference_parts import SYSTEM, C, P, R, S, Scenario, agenda_item, document, session
from tests.core.references_monitoring import MonitoringWorld
from tests.core.references_response import DELIVERY_YEAR, ResponseWorld, hidden_offer_delivered, open_crisis

pytestmark = pytest.mark.django_db
HIDDEN_TEXT = "a record you may not see"


# ---------------------------------------------------------------------------------------------
# The helper
# ---------------------------------------------------------------------------------------------


def test_a_visible_target_gives_its_title_id_and_page_a_hidden_one_nothing():
    shown, secret = document("Open text"), document("Closed text", S, "members-only")
    public = AnonymousUser()
    assert reference_to(public, shown).as_api() == {
        "id": shown.pk,
        "title": "Open text",
        "url": f"/documents/{shown.pk}/",
    }
    hidden = reference_to(public, secret)
    assert hidden == HIDDEN and hidden.as_api() == {"hidden": True}
    assert (hidden.id, hidden.title, hidden.url, hidden.record, str(hidden)) == (
        None,
        "",
        "",
        None,
        HIDDEN_TEXT,
    )
    assert reference_to(public, None) is None and reference_by_id(public, Document, None) is None
    officer = make_user("officer", Role.SECRETARIAT_OFFICER)
    assert reference_by_id(officer, Document, secret.pk).title == "Closed text"
    assert reference_by_id(officer, Document, str(secret.pk)).id == secret.pk, "ids from snapshots are text"
    assert reference_by_id(officer, Document, "not-a-number") == HIDDEN
    assert reference_by_id(officer, Document, 99_999_999) == HIDDEN, "a record that does not exist"


def test_clearance_decides_and_a_record_belonging_to_another_links_to_its_page():
    parent = session("Session of the council", C, "members-only")
    minutes = Minutes(session=parent)
    save_with_record(minutes, actor=SYSTEM, fields={"text": "Minutes text"})
    confidential = make_user("confidential", Role.SECRETARIAT_OFFICER, clearance=C)
    restricted = make_user("restricted", Role.SECRETARIAT_OFFICER, clearance=R)
    shown = reference_to(confidential, minutes)
    assert shown.url == f"/sessions/{parent.pk}/", "minutes have no page of their own: their session's"
    assert reference_to(restricted, minutes) == HIDDEN


def test_a_list_costs_one_query_per_target_model(django_assert_num_queries):
    """Titles of sessions read their body: joined, so no query per row either."""
    officer = make_user("officer", Role.SECRETARIAT_OFFICER, clearance=C)
    sessions = [session("", C if number % 2 else S, "members-only") for number in range(12)]
    documents = [document(f"Adopted {number}", session=sessions[number]) for number in range(12)]
    items = [agenda_item(sessions[0], number + 1, documents[number]) for number in range(12)]
    documents = list(Document.objects.filter(pk__in=[item.pk for item in documents]).order_by("id"))
    resolver = References(officer)
    with django_assert_num_queries(1):
        adopted_at = resolver.from_each(documents, "session")
        titles = [str(reference) for reference in adopted_at]
    with django_assert_num_queries(1):
        decided_by = resolver.from_each(items, "decision")
    with django_assert_num_queries(0):
        assert resolver.from_each(documents, "session") == adopted_at, "answers are remembered"
    assert [reference.visible for reference in adopted_at] == [number % 2 == 1 for number in range(12)]
    assert titles[1] == f"{Body.objects.get(key='cmfa').name}, {timezone.localdate():%Y-%m-%d}"
    assert titles[0] == HIDDEN_TEXT
    assert all(reference.visible for reference in decided_by)
    assert references_from(officer, [], "session") == []


def test_the_template_tag_renders_a_link_the_hidden_text_or_nothing():
    secret = document("Closed text", S, "members-only")
    shown = document("Open text")
    item = agenda_item(session("Open session"), 1, secret)
    template = Template(
        "{% load references %}[{% reference item 'decision' %}][{% reference shown %}][{% reference nothing %}]"
        "{% get_reference item 'decision' as decision %}[{{ decision.visible }}]"
    )
    public = template.render(Context({"user": AnonymousUser(), "item": item, "shown": shown}))
    assert public == (
        f'[<span class="hidden-reference">{HIDDEN_TEXT}</span>][<a href="/documents/{shown.pk}/">Open text</a>]'
        "[][False]"
    )
    assert "Closed text" not in public and str(secret.pk) not in public
    officer = make_user("officer", Role.SECRETARIAT_OFFICER)
    cleared = template.render(Context({"user": officer, "item": item, "shown": shown}))
    assert f'<a href="/documents/{secret.pk}/">Closed text</a>' in cleared and cleared.endswith("[True]")
    no_user = Template("{% load references %}{% reference item 'decision' %}").render(Context({"item": item}))
    assert "Closed text" not in no_user, "a template without a user renders for the public"


def test_the_api_field_type_admits_a_link_a_hidden_mark_or_null_and_nothing_else():
    adapter = TypeAdapter(ReferenceField)
    assert adapter.validate_python({"id": 3, "title": "T", "url": "/x/"}).id == 3
    assert adapter.validate_python({"hidden": True}).hidden is True
    assert adapter.validate_python(None) is None
    with pytest.raises(ValueError):
        adapter.validate_python({"hidden": False})
    with pytest.raises(ValueError):
        adapter.validate_python({"id": 3})


def test_history_rows_name_a_hidden_target_only_as_hidden():
    secret, shown = document("Closed text", S, "members-only"), document("Open text")
    rows = [
        [("decision_id", None, secret.pk), ("title_en", "a", "b")],
        [("decision_id", str(secret.pk), shown.pk)],
    ]
    masked = mask_changed_fields(AnonymousUser(), AgendaItem, rows)
    assert masked[0] == [("decision_id", None, HIDDEN), ("title_en", "a", "b")]
    assert masked[1][0][1] == HIDDEN and masked[1][0][2].title == "Open text"


# ---------------------------------------------------------------------------------------------
# The harness: every link between restricted models, on every route, for every role
# ---------------------------------------------------------------------------------------------


def is_restricted(model: type[models.Model]) -> bool:
    """Whether some users may not see some records of ``model``."""
    if issubclass(model, ClassifiedModel) or hasattr(model, "access_through"):
        return True
    if not hasattr(model._default_manager, "restrict"):
        return False
    return not is_public(model)


def declared_references() -> set[str]:
    """``app.model.field`` of every link from a record seen by its labels to a restricted record.

    The link to the record a model is seen through (``access_through``) is left out: the two are
    visible together or not at all.
    """
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("accord."):
            continue
        if not (issubclass(model, ClassifiedModel) or hasattr(model, "access_through")):
            continue
        parent = getattr(model, "access_through", "").split("__")[0]
        for link in [*model._meta.fields, *model._meta.many_to_many]:
            if link.is_relation and link.name != parent and is_restricted(link.related_model):
                found.add(f"{model._meta.label_lower}.{link.name}")
    return found


class World(ResponseWorld, MonitoringWorld):
    """Records for every scenario: the visible ones first, so that the hidden ones' ids stand apart."""

    def __init__(self) -> None:
        self.open_session = session("Open session of the ministers")
        self.open_minutes = Minutes(session=self.open_session)
        save_with_record(self.open_minutes, actor=SYSTEM, fields={"text": "Open minutes text"})
        self.open_document = document("Open declaration on cooperation")
        self.hidden_session = session("Quasar hidden session", S, "members-only", pk=9_100_001)
        self.hidden_document = document("Nebula hidden document", S, "members-only", pk=9_200_002)
        self.hidden_minutes = Minutes(pk=9_300_003, session=self.hidden_session)
        save_with_record(self.hidden_minutes, actor=SYSTEM, fields={"text": "Pulsar hidden minutes"})
        self.hidden_run = Run(pk=9_400_004, kind="ged", subject="magnetar-hidden.csv", actor_name="x")
        self.hidden_run.save()
        self.open_item = agenda_item(self.open_session, 1, self.hidden_document)
        save_with_record(self.open_document, actor=SYSTEM, fields={"session": self.hidden_session})
        save_with_record(self.open_minutes, actor=SYSTEM, fields={"previous": self.hidden_minutes})
        self.open_event = Event()
        save_with_record(self.open_event, actor=SYSTEM, fields=self.event_fields())
        self.make_trainings()
        self.make_request()
        self.make_response()
        self.open_delivery, self.hidden_offer = hidden_offer_delivered()
        self.open_contribution, self.open_readiness = open_readiness(self.hidden_document)
        self.open_crisis = open_crisis(self.hidden_document)
        self.make_monitoring()
        self.visible = [
            self.open_story,
            self.merged_story,
            self.open_crisis,
            self.open_training,
            self.open_session,
            self.open_minutes,
            self.open_document,
            self.open_item,
            self.open_event,
            self.open_contribution,
            self.open_readiness,
            self.open_deployment,
            self.open_consultation,
        ]

    def make_trainings(self) -> None:
        """An open training within a hidden one, its lessons and a change's decision a hidden document."""
        from accord.forces.models import Training, TrainingChange, TrainingSeries

        series = TrainingSeries.objects.get(key="cobalt")
        self.hidden_training = Training(
            pk=9_500_005,
            series=series,
            name_en="Comet hidden training",
            year=2020,
            classification=S,
            releasability="members-only",
        )
        self.hidden_training.save()
        self.open_training = Training(
            series=series,
            name_en="Open training",
            year=2020,
            classification=P,
            releasability="everyone",
            within=self.hidden_training,
            lessons=self.hidden_document,
        )
        self.open_training.save()
        TrainingChange.objects.create(
            training=self.open_training,
            kind="postponed",
            effective=timezone.localdate(),
            reason_en="Open reason",
            decision=self.hidden_document,
        )

    def training_scenarios(self) -> dict[str, Scenario]:
        page, api = (
            f"/forces/trainings/{self.open_training.pk}/",
            f"/api/v1/forces/trainings/{self.open_training.pk}",
        )
        document = (str(self.hidden_document.pk), "Nebula hidden document")
        return {
            "forces.training.within": Scenario(
                (str(self.hidden_training.pk), "Comet hidden training"), ((page, "Comet hidden training"),)
            ),
            "forces.training.lessons": Scenario(
                document, ((page, "Nebula hidden document"),), ((api, lambda answer: answer["lessons"]),)
            ),
            "forces.trainingchange.decision": Scenario(
                document,
                ((page, "Nebula hidden document"),),
                ((f"{api}/changes", lambda answer: answer[0]["decision"]),),
            ),
        }

    def event_fields(self) -> dict:
        return {
            "source": "report",
            "source_id": "harness-1",
            "import_run": self.hidden_run,
            "date": timezone.localdate(),
            "date_precision": "day",
            "place": "Open place",
            "place_precision": "country",
            "country": "KAZ",
            "region": "central-asian",
            "category": "other",
            "classification": P,
            "releasability": "everyone",
        }

    def scenarios(self) -> dict[str, Scenario]:
        """One scenario per declared reference."""
        hidden_session, hidden_document = self.hidden_session.pk, self.hidden_document.pk
        open_document, open_session = self.open_document.pk, self.open_session.pk
        return {
            "decisions.document.session": Scenario(
                (str(hidden_session), "Quasar hidden session"),
                ((f"/documents/{open_document}/", "Quasar hidden session"),),
                (
                    (f"/api/v1/decisions/documents/{open_document}", lambda answer: answer["session"]),
                    (
                        "/api/v1/decisions/documents?q=Open+declaration",
                        lambda answer: answer["items"][0]["session"],
                    ),
                    ("/documents/export.json?q=Open+declaration", lambda answer: answer[0]["session"]),
                ),
            ),
            "decisions.agendaitem.decision": Scenario(
                (str(hidden_document), "Nebula hidden document"),
                ((f"/sessions/{open_session}/", "Nebula hidden document"),),
                (
                    (
                        f"/api/v1/decisions/agenda-items/{self.open_item.pk}",
                        lambda answer: answer["decision"],
                    ),
                    (
                        f"/api/v1/decisions/sessions/{open_session}",
                        lambda answer: answer["agenda"][0]["decision"],
                    ),
                ),
            ),
            "decisions.minutes.previous": Scenario(
                (str(self.hidden_minutes.pk), str(hidden_session), "Pulsar hidden minutes"),
                ((f"/sessions/{open_session}/", f'href="/sessions/{hidden_session}/"'),),
            ),
            "crisis.event.import_run": Scenario((str(self.hidden_run.pk), "magnetar-hidden"), ()),
            # A version and the amendment it applied belong to the same minutes, so to the same
            # session: they are seen together or not at all, and no page can show one without the other.
            "decisions.minutesversion.amendment": Scenario((), ()),
            # An alert and its episode are labelled alike (both from the series, never below the CRC's
            # handling floor): seen together or not at all. The alert's page sends a reader to the
            # episode only when they may see it.
            "crisis.alert.episode": Scenario((), ()),
            # An alert and an episode take their series' labels, never below the handling floor
            # (crisis.alerts.alert_labels): whoever sees them sees the series they were computed from.
            "crisis.alert.series": Scenario((), ()),
            "crisis.episode.series": Scenario((), ()),
            "response.delivery.offer": Scenario(
                (str(self.hidden_offer.pk), "vega-hidden-request"),
                ((f"/response/deliveries/?year={DELIVERY_YEAR}", "vega-hidden-request"),),
                (
                    (
                        f"/api/v1/response/deliveries?year={DELIVERY_YEAR}",
                        lambda answer: answer["items"][0]["offer"],
                    ),
                ),
            ),
            # No page or answer of the ledger, the offers or the gap shows a delivery's crisis.
            "response.delivery.crisis": Scenario((), ()),
            "forces.readinessreport.document": Scenario(
                (str(hidden_document), "Nebula hidden document"),
                ((f"/forces/contributions/{self.open_contribution.pk}/", "Nebula hidden document"),),
                (
                    (
                        f"/api/v1/forces/contributions/{self.open_contribution.pk}",
                        lambda answer: answer["history"][0]["document"],
                    ),
                ),
            ),
            # A readiness report is never labelled below the contribution it rates (the service refuses
            # it), so whoever sees the report sees the contribution: no reader meets a hidden one.
            "forces.readinessreport.contribution": Scenario((), ()),
            # A correction is never less protected than the version it supersedes (it names it), so
            # whoever sees the correction sees that version too: no reader meets a hidden one.
            "crisis.situationreport.supersedes": Scenario((), ()),
            # A result is shown only within its operation (its page, its API answers, the yearly
            # section, which reads the results of the operations the reader sees): whoever meets a
            # result has seen its operation and the operation's phases, never a hidden one.
            "forces.operationresult.operation": Scenario((), ()),
            "forces.operationresult.phase": Scenario((), ()),
            **self.training_scenarios(),
            **self.request_scenarios(),
            **self.response_scenarios(),
            **self.crisis_scenarios(),
            **self.monitoring_scenarios(),
        }


def open_readiness(hidden_document: Document) -> tuple:
    """A public contribution, rated in a public report that rests on a hidden document."""
    from accord.forces.registry import services as forces_services

    public = {"classification": P, "releasability": "everyone"}
    item = forces_services.record_contribution(
        {
            "formation": "crrf",
            "state": "KAZ",
            "unit_type": "airborne",
            "description_en": "Open unit",
            **public,
        },
        actor=SYSTEM,
    )
    values = {"date": timezone.localdate(), "people": "ready", "equipment": "ready", "support": "ready"}
    report = forces_services.record_readiness(
        item, {**values, "document": hidden_document, **public}, actor=SYSTEM
    )
    return item, report


@pytest.fixture
def world() -> World:
    """Serbia a partner and Afghanistan an observer, and the records of every scenario."""
    for code, status in (("SRB", "partner"), ("AFG", "observer")):
        StateStatus.objects.create(state=State.objects.get(code=code), status=status, valid_from="2022-01-01")
    return World()


# Each role may see the visible records and none of the hidden ones.
ROLES: dict[str, tuple[str, str | None, int] | None] = {
    "public": None,
    "observer-liaison": (Role.LIAISON_OFFICER, "AFG", S),
    "partner-liaison-restricted": (Role.LIAISON_OFFICER, "SRB", R),
    "member-liaison-confidential": (Role.LIAISON_OFFICER, "KAZ", C),
    "secretariat-confidential": (Role.SECRETARIAT_OFFICER, None, C),
}
CLEARED = (Role.SECRETARIAT_OFFICER, None, S)

# Routes the crawl does not fetch, and why; anything else with a parameter it cannot fill fails the guard.
SKIPPED_PREFIXES = {
    "admin/": "the admin's record pages are checked with the admin (issue 9, item 3)",
    "accounts/": "the user's own account: no record is shown there",
    "i18n/": "switches the language",
}
NOT_CRAWLED = {
    "source-detail": "a media source by its key: its own items (restrict()) and, to its keepers only, its "
    "runs; the links an item holds are checked on the item's page, which is crawled",
    "source-edit": "a media source's form, for its keepers: the source's own fields only",
    "source-upload": "a POST of files to a media source; it answers with a redirect to the run",
    "source-fetch": "a POST that queues a fetch; it answers with a redirect to the run",
    "get_monitoring_source": "a media source in the API: as source-detail",
    "post_monitoring_source_fetch": "a POST that queues a fetch; it answers with the run's id",
    "request-detail": "a request for assistance by its key: its lines, steps, decision and links are read "
    "through the request, restrict() and core.references (the visibility harness's request channels)",
    "request-step": "a POST that moves a request a step; it answers with a redirect or the request's page",
    "get_assistance_request": "a request in the API: as request-detail",
    "post_assistance_request_step": "a POST that moves a request a step; it answers with the step",
    "history": "history pages are fetched by test_history_pages_show_no_hidden_reference",
    "state-detail": "the charter is public and links to no restricted record",
    "instrument-detail": "the charter is public and links to no restricted record",
    "get_state": "the charter is public and links to no restricted record",
    "get_post_holder": "the charter is public and links to no restricted record",
    "get_chair": "the charter is public and links to no restricted record",
    "get_instrument": "the charter is public and links to no restricted record",
    "get_series": "a public daily series; its alerts are fetched through /api/v1/crisis/alerts",
    "get_series_group": "daily series of several states with their alerts, each read through restrict(); "
    "it names no other record",
    "events-export": "the events table's exports name no other record; what they hold is checked by the "
    "visibility harness's export channels",
    "record-signature": "a POST that records a signature; it answers with a redirect or the instrument's page",
    "record-ratification": "a POST that records a ratification; it answers with a redirect or the instrument's page",
    "record-status": "a POST that records a state's status; it answers with a redirect or the state's page",
    "delete-record": "a POST that deletes; it answers with a redirect to the history page, never a page",
    "delete_record": "DELETE /api/v1/records/...: deletes, answers the deleted record's kind and id only",
    "sitrep-file": "a situation report's stored file: the report's own bytes; its readers are checked by "
    "the visibility harness (download channels)",
    "get_sitrep_file": "a situation report's stored file in the API: as sitrep-file",
    "report-file": "the yearly report's HTML and PDF: the same document as the page /forces/report/, which "
    "is crawled (its sections name records only as each section's restrict() lets them)",
    "operation-detail": "an operation by its key: it shows its own phases, participants and results only, "
    "each read through the operation (the visibility harness's operation channels)",
    "get_operation": "an operation in the API: as operation-detail",
    "get_results": "an operation's results in the API: as operation-detail",
    "result-create": "the form to record a result of an operation: it names nothing but the operation",
    "post_result": "a POST that records a result; it answers with the result",
    "result-correct": "a POST that corrects a result; it answers with a redirect or the operation's page",
    "result-withdraw": "a POST that withdraws a result; as result-correct",
    "operation-join": "a POST that records a participant; as result-correct",
    "patch_result": "a PATCH that corrects a result; it answers with the result",
    "post_withdraw": "a POST that withdraws a result; it answers with the result",
    "post_participant": "a POST that records a participant; it answers with the state's code and capacity",
    "training-postpone": "a POST that changes a training; it answers with a redirect or the training's page",
    "training-relocate": "a POST that changes a training; as training-postpone",
    "training-cancel": "a POST that changes a training; as training-postpone",
    "training-hold": "a POST that changes a training; as training-postpone",
    "training-join": "a POST that records a participant; as training-postpone",
    "training-finding": "a POST that records a finding; as training-postpone",
    "training-measure": "a POST that records a follow-up measure; as training-postpone",
    "delete_participant": "DELETE /api/v1/forces/trainings/.../participants/...: answers 204, no record",
    "training-edit": "a POST that corrects a training's plan; as training-postpone",
    "training-phase": "a POST that adds a phase to a training; as training-postpone",
    "training-withdraw": "a POST that withdraws a participant; as training-postpone",
    "post_phase": "POST /api/v1/forces/trainings/.../phases: answers the new phase only (names no record)",
    "formation-detail": "a public formation by its slug; its contributions are checked by the visibility "
    "harness (formation-page channel) and link only to contribution pages through restrict()",
    "organization-detail": "a public partner organization by its slug; its contacts are checked by the "
    "visibility harness (organization-page channel)",
    "get_formation": "as formation-detail, in the API",
    "request-offers": "a request's offers by its key: they are read through the request (the visibility "
    "harness's offers-panel channel); the ledger, which links to it, is crawled",
    "list_request_offers": "as request-offers, in the API (the harness's api-offers channel)",
    "get_request_gap": "a request's gap by its key: figures of its own lines only, no other record",
    "post_request_offer": "a POST that records an offer; it answers with the offer",
    "get_organization": "as organization-detail, in the API",
    "consult": "the form to hold a consultation on a request: it names the request and the bodies and states",
    "decide": "the form to link a decision: it offers the decided items of sessions the user sees (restrict)",
    "deploy": "the form to deploy a contingent: it offers formations, states and adopted items the user sees",
    "deployment-detail": "a deployment by its key: the request and mandate through core.references "
    "(the response scenarios below fetch it)",
    "deployment-withdraw": "a POST that withdraws; it answers with a redirect or the deployment's page",
    "deployment-phase": "a POST that adds a phase; it answers with a redirect or the deployment's page",
    "get_response_deployment": "a deployment by its key: its own contingents and phases, read through the "
    "deployment (the visibility harness's deployment channels), and its mandate's session and item numbers",
    "get_response_decision": "a request's decision by the request's key: the session only when the caller "
    "sees it (tests/response/test_api_consultations.py)",
    "post_response_decision": "a POST that links a decision; it answers with the request's status and the decision",
    "post_response_withdrawal": "a POST that withdraws; it answers with the deployment",
    "crisis-detail": "a crisis by its key: its timeline reads every source through restrict(); the "
    "visibility harness checks it (response.crisis page and timeline channels) and tests/response/"
    "test_timeline.py that a reader sees only the entries they may",
    "get_crisis": "as crisis-detail, in the API",
    "get_crisis_timeline": "as crisis-detail, in the API",
    "post_crisis_link": "a POST that links a record; it answers with the crisis's key and the name given",
    "patch_crisis": "a PATCH that changes a crisis; it answers with the crisis (its own fields only)",
    "rules-version": "a saved version of the category rules by its number: rules every monitoring user may read "
    "(access_public), naming no other record",
}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
FILLED = {"pk", "fmt"}


def routes(patterns=None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every route Django knows, as (route with parameters, name)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if any(route.startswith(skipped) for skipped in SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.name or ""


def crawled_addresses(visible: list[models.Model]) -> list[str]:
    """Every route, filled with the id of each visible record (routes of another model answer 404)."""
    addresses = []
    for route, name in routes():
        parameters = set(PARAMETER.findall(route))
        if name in NOT_CRAWLED or not parameters <= FILLED:
            continue
        fills = [{"fmt": fmt} for fmt in ("csv", "json")] if "fmt" in parameters else [{}]
        if "pk" in parameters:
            fills = [{**fill, "pk": record.pk} for fill in fills for record in visible]
        for fill in fills:
            addresses.append("/" + PARAMETER.sub(lambda match, fill=fill: str(fill[match.group(1)]), route))
    return sorted(set(addresses))


def client_for(role: tuple[str, str | None, int] | None, name: str) -> Client:
    client = Client()
    if role is not None:
        kind, state, clearance = role
        login_verified(client, make_user(name, kind, state=state, clearance=clearance))
    return client


def leaks_in(text: str, scenarios: dict[str, Scenario]) -> list[str]:
    return [
        f"{key}: {marker!r}"
        for key, scenario in scenarios.items()
        for marker in scenario.markers
        if marker in text
    ]


def test_every_reference_between_restricted_models_has_a_scenario(world):
    assert declared_references() == set(world.scenarios()), (
        "a link between restricted models without a scenario in this harness (or a stale scenario)"
    )


def test_every_route_is_crawled_or_excused():
    unfilled = {
        name or route
        for route, name in routes()
        if name not in NOT_CRAWLED and not set(PARAMETER.findall(route)) <= FILLED
    }
    assert not unfilled, f"routes the crawl cannot fill: excuse them in NOT_CRAWLED or teach it: {unfilled}"
    names = {name for _, name in routes()}
    assert set(NOT_CRAWLED) <= names, f"stale excuses: {set(NOT_CRAWLED) - names}"


@pytest.mark.parametrize("role", ROLES)
def test_no_route_shows_the_title_or_id_of_a_hidden_target(world, role):
    client = client_for(ROLES[role], role)
    scenarios = world.scenarios()
    leaks = []
    for address in crawled_addresses(world.visible):
        response = client.get(address)
        assert response.status_code < 500, f"{address}: {response.status_code}"
        if not getattr(response, "streaming", False):
            leaks += [
                f"{address} {leak}" for leak in leaks_in(response.content.decode(errors="replace"), scenarios)
            ]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("role", ROLES)
def test_each_link_is_shown_as_hidden_where_it_is_shown(world, role):
    """The crawl above could pass by showing nothing: the links are there, marked hidden."""
    client = client_for(ROLES[role], role)
    for key, scenario in world.scenarios().items():
        for address, _target in scenario.shown_on:
            response = client.get(address)
            assert response.status_code == 200, f"{key}: {address} should be visible to {role}"
        for address, pick in scenario.api:
            assert pick(client.get(address).json()) == {"hidden": True}, f"{key}: {address}"
    document_page = client.get(f"/documents/{world.open_document.pk}/").content.decode()
    assert HIDDEN_TEXT in document_page
    exported = client.get("/documents/export.csv", {"q": "Open declaration"}).content.decode()
    assert next(csv.DictReader(io.StringIO(exported)))["session"] == HIDDEN_TEXT


def test_a_reader_cleared_for_the_targets_follows_the_links(world):
    client = client_for(CLEARED, "cleared")
    for key, scenario in world.scenarios().items():
        for address, target in scenario.shown_on:
            assert target in client.get(address).content.decode(), f"{key}: {address}"
        for address, pick in scenario.api:
            assert pick(client.get(address).json())["id"] == int(scenario.markers[0]), f"{key}: {address}"


@pytest.mark.parametrize("role", ROLES)
def test_history_pages_show_no_hidden_reference(world, role):
    client = client_for(ROLES[role], role)
    scenarios = world.scenarios()
    leaks = []
    for record in world.visible:
        address = f"/history/{record._meta.label_lower}/{record.pk}/"
        response = client.get(address)
        assert response.status_code == 200, f"{address} should be visible to {role}"
        leaks += [f"{address} {leak}" for leak in leaks_in(response.content.decode(), scenarios)]
    assert not leaks, "\n".join(leaks)
