"""The timeline of a crisis: every entry in date order, each reader seeing only what they may, and
"as of a date" showing the crisis as it stood then."""

from __future__ import annotations

import pytest
from django.utils import translation

from accord.core.classification import Classification, Releasability
from accord.response.timeline import timeline
from tests.accounts.helpers import make_user
from tests.response import timeline_factories as make
from tests.response.timeline_factories import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_crisis():
    """A crisis with a request through its life, a consultation, a decision, offers, a deployment
    with contingents, a delivery; one SECRET, members-only request of its own."""
    crisis = make.make_crisis("border-2026")
    request = make.make_request(crisis, on=day(1), key="kaz-border")
    make.step(request, "draft", day(1))
    make.step(request, "submitted", day(2), source="note verbale")
    make.step(request, "under-consultation", day(3))
    make.consultation(None, request, day(3))
    make.decide(request, day(4))
    make.step(request, "approved", day(4))
    flour = make.line(request)
    accepted = make.offer(flour, "RUS", day(5), accepted_on=day(6), status="committed")
    make.offer(flour, "ARM", day(5), declined_on=day(7), status="declined")
    make.delivery(None, day(8), against=accepted)
    deployed = make.deployment(crisis, day(6), until=day(20))
    make.contingent(deployed, "RUS", 300, day(6), until=day(20))
    make.contingent(deployed, "BLR", 100, day(7), until=day(19))
    secret = make.make_request(
        crisis,
        on=day(2),
        key="kaz-secret",
        title_en="Secret help",
        classification=Classification.SECRET,
        releasability=Releasability.MEMBERS_ONLY,
    )
    make.step(secret, "submitted", day(2))
    return crisis


def test_entries_in_date_order_with_every_kind(whole_crisis):
    member = make_user("tl-member", state="KAZ")
    entries = timeline(whole_crisis, member)
    kinds = [entry.kind for entry in entries]
    for kind in (
        "crisis.started",
        "request.step",
        "consultation",
        "decision",
        "offer.made",
        "offer.accepted",
        "offer.declined",
        "deployment.deployed",
        "contingent.deployed",
        "delivery",
        "contingent.withdrawn",
        "deployment.withdrawn",
    ):
        assert kind in kinds, kind
    dates = [entry.date for entry in entries]
    assert dates == sorted(dates)
    assert entries == timeline(whole_crisis, member)  # the same order every time
    submitted = next(entry for entry in entries if "submitted" in entry.summary and "Help" in entry.summary)
    assert submitted.source == "note verbale"
    assert submitted.url.endswith("/response/requests/kaz-border/")
    assert submitted.classification.startswith("RESTRICTED")


def test_same_day_entries_follow_what_happens(whole_crisis):
    """On day 4 the decision comes with the step it caused, the consultation before both (day 3)."""
    member = make_user("tl-member", state="KAZ")
    kinds = [entry.kind for entry in timeline(whole_crisis, member) if entry.date == day(6)]
    assert (
        kinds.index("offer.accepted")
        < kinds.index("deployment.deployed")
        < kinds.index("contingent.deployed")
    )


def test_partner_sees_only_what_it_may(whole_crisis):
    make.make_partner("SRB")
    partner = make_user("tl-partner", "liaison-officer", state="SRB", clearance=Classification.SECRET)
    member = make_user("tl-member", state="KAZ")
    seen_by_member = {entry.summary for entry in timeline(whole_crisis, member)}
    seen_by_partner = {entry.summary for entry in timeline(whole_crisis, partner)}
    assert any("Secret help" in summary for summary in seen_by_member)
    assert not any("Secret help" in summary for summary in seen_by_partner)
    assert seen_by_partner < seen_by_member


def test_as_of_hides_later_entries_and_shows_statuses_then(whole_crisis):
    member = make_user("tl-member", state="KAZ")
    entries = timeline(whole_crisis, member, as_of=day(5))
    assert entries and all(entry.date <= day(5) for entry in entries)
    kinds = {entry.kind for entry in entries}
    assert "offer.made" in kinds
    assert not kinds & {"offer.accepted", "offer.declined", "delivery", "deployment.deployed"}
    assert any("approved" in entry.summary for entry in entries)


def test_summaries_in_the_active_language(whole_crisis):
    member = make_user("tl-member", state="KAZ")
    with translation.override("ru"):
        entries = timeline(whole_crisis, member)
    assert any("Помощь на границе" in entry.summary for entry in entries)


def test_linked_events_episodes_reports_and_documents(whole_crisis):
    from django.utils import timezone

    from accord.crisis.models import Episode, Event, Series, SituationReport
    from accord.decisions.models import Document
    from accord.response.crisis_services import link

    event = make.saved(
        Event(
            source="report",
            source_id="tl-1",
            date=day(0),
            date_precision="day",
            place_precision="country",
            country="KAZ",
            category="other",
            description="Shots at the border",
            classification=1,
            releasability="members-and-partners",
        )
    )
    series = Series.objects.create(key="tl-series", country="KAZ")
    episode = make.saved(
        Episode(
            series=series,
            method="farrington",
            opened_on=day(1),
            last_alert_on=day(9),
            level="red",
            escalated_on=day(4),
            closed_on=day(12),
            classification=1,
            releasability="members-and-partners",
        )
    )
    report = make.saved(
        SituationReport(
            scope="all",
            report_date=day(3),
            number="SR-7",
            drafted_by="x",
            drafted_at=timezone.now(),
            classification=1,
            releasability="members-and-partners",
        )
    )
    document = make.saved(
        Document(
            kind="statement",
            title_en="Statement on the border",
            date=day(2),
            classification=0,
            releasability="everyone",
        )
    )
    for kind, name in (
        ("event", event.pk),
        ("episode", episode.pk),
        ("report", report.pk),
        ("document", document.pk),
    ):
        link(whole_crisis, kind, name, actor=make.MAKER)
    member = make_user("tl-member", state="KAZ")
    entries = timeline(whole_crisis, member)
    kinds = {entry.kind for entry in entries}
    assert {"event", "episode.opened", "episode.escalated", "episode.closed", "report", "document"} <= kinds
    assert any("Shots at the border" in entry.summary for entry in entries)
    assert any("Statement on the border" in entry.summary for entry in entries)
    before_escalation = timeline(whole_crisis, member, as_of=day(3))
    opened = next(entry for entry in before_escalation if entry.kind == "episode.opened")
    assert opened.summary.startswith("Amber")
    assert "episode.escalated" not in {entry.kind for entry in before_escalation}


def test_on_one_day_a_requests_step_follows_what_caused_it(whole_crisis):
    """The step recorded because of a consultation, a decision, an acceptance or a delivery comes
    right after it on the same day, not before."""
    member = make_user("tl-order", state="KAZ")
    request = whole_crisis.requests.get(key="kaz-border")
    make.step(request, "in-delivery", day(6))
    make.step(request, "completed", day(8))
    kinds = [(entry.kind, entry.summary.rsplit(": ", 1)[-1]) for entry in timeline(whole_crisis, member)]

    def position(kind: str, status: str = "") -> int:
        return next(i for i, (k, said) in enumerate(kinds) if k == kind and (not status or said == status))

    assert position("consultation") < position("request.step", "under consultation")
    assert position("decision") < position("request.step", "approved")
    assert position("offer.accepted") < position("request.step", "in delivery")
    assert position("delivery") < position("request.step", "completed")
