"""One timeline of a crisis: everything that happened in it that a reader may see, in date order.

Each source is read through its own ``restrict(user)``, so an entry shows only when its record does;
a child (a step of a request, an offer, a contingent) is seen through its parent and carries its
parent's labels. Records joined to the crisis through a request count only when the reader may see
that request, so a hidden request never shows as the link between a crisis and what hangs off it.

Every entry is a dated fact (a step took effect, an offer was accepted, a contingent withdrew), so
"as of DATE" keeps the entries on or before it: what was known then, statuses as they stood (an offer
accepted later shows as made; an episode escalated later shows as opened at its first level).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accord.core.classification import Classification, ClassifiedModel, Releasability
from accord.crisis.models import Episode, Event, SituationReport
from accord.decisions.models import AgendaItem, Document
from accord.response.links import crisis_page, request_page
from accord.response.models import (
    Consultation,
    Contingent,
    Crisis,
    Delivery,
    Deployment,
    Offer,
    Request,
    RequestStatus,
    RequestStep,
)

# The order of entries of one day: how things happen (a crisis starts, is reported, a request is made,
# consulted on, decided, offered for, deployed against and delivered to).
KIND_ORDER = (
    "crisis.started",
    "event",
    "episode.opened",
    "episode.escalated",
    "report",
    "document",
    "request.step",
    "consultation",
    "decision",
    "offer.made",
    "offer.accepted",
    "offer.declined",
    "offer.withdrawn",
    "deployment.deployed",
    "contingent.deployed",
    "delivery",
    "contingent.withdrawn",
    "deployment.withdrawn",
    "episode.closed",
    "crisis.ended",
)
RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
# A request's step on the same day as what caused it comes right after the cause: "under
# consultation" after the consultation, "approved" after the decision, "in delivery" after the offer
# accepted, "completed" after the last delivery.
STEP_FOLLOWS = {
    RequestStatus.UNDER_CONSULTATION: "consultation",
    RequestStatus.APPROVED: "decision",
    RequestStatus.PARTLY_APPROVED: "decision",
    RequestStatus.DECLINED: "decision",
    RequestStatus.IN_DELIVERY: "offer.accepted",
    RequestStatus.COMPLETED: "delivery",
}
KIND_LABELS = {
    "crisis.started": gettext_lazy("crisis began"),
    "event": gettext_lazy("event"),
    "episode.opened": gettext_lazy("alert episode opened"),
    "episode.escalated": gettext_lazy("alert episode escalated"),
    "report": gettext_lazy("situation report"),
    "document": gettext_lazy("document"),
    "request.step": gettext_lazy("request"),
    "consultation": gettext_lazy("consultation"),
    "decision": gettext_lazy("decision"),
    "offer.made": gettext_lazy("offer made"),
    "offer.accepted": gettext_lazy("offer accepted"),
    "offer.declined": gettext_lazy("offer declined"),
    "offer.withdrawn": gettext_lazy("offer withdrawn"),
    "deployment.deployed": gettext_lazy("deployment"),
    "contingent.deployed": gettext_lazy("contingent deployed"),
    "delivery": gettext_lazy("delivery"),
    "contingent.withdrawn": gettext_lazy("contingent withdrawn"),
    "deployment.withdrawn": gettext_lazy("deployment withdrawn"),
    "episode.closed": gettext_lazy("alert episode closed"),
    "crisis.ended": gettext_lazy("crisis ended"),
}


@dataclass(frozen=True)
class Entry:
    """One thing that happened: when, what kind, what (in the active language), its source, its labels."""

    date: datetime.date
    kind: str
    summary: str
    source: str
    classification: str
    level: int
    url: str = ""
    record: str = ""  # the model and id of the record it comes from, for a stable order and the API
    follows: str = ""  # the kind of entry it comes right after on the same day (its cause), if any

    @property
    def kind_label(self) -> str:
        """The kind in the active language."""
        return str(KIND_LABELS.get(self.kind, self.kind))

    def sort_key(self) -> tuple[Any, ...]:
        rank = RANK.get(self.follows or self.kind, len(RANK)) + (0.5 if self.follows else 0)
        return (self.date, rank, self.record)

    def as_api(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "kind_label": self.kind_label,
            "summary": self.summary,
            "source": self.source,
            "classification": self.classification,
            "url": self.url,
        }


def label_of(record: ClassifiedModel) -> str:
    """A record's classification as its banner shows it: level, to whom, and the named states."""
    parts = [str(Classification(record.classification).label), str(Releasability(record.releasability).label)]
    if record.release_to_codes:
        parts.append(", ".join(record.release_to_codes))
    return " · ".join(parts)


def entry(
    day: datetime.date, kind: str, summary: str, source: str, labelled: ClassifiedModel, **kw: Any
) -> Entry:
    """An entry carrying the labels of the record it is seen through."""
    return Entry(day, kind, summary, source, label_of(labelled), labelled.classification, **kw)


def on_or_before(day: datetime.date | None, as_of: datetime.date | None) -> bool:
    """Whether a dated fact had happened by ``as_of`` (everything, when no date is asked)."""
    return day is not None and (as_of is None or day <= as_of)


def crisis_entries(crisis: Crisis, as_of: datetime.date | None) -> Iterator[Entry]:
    """The crisis's own start and end."""
    url = crisis_page(crisis.key)
    ref = f"crisis:{crisis.pk}"
    if on_or_before(crisis.started_on, as_of):
        yield entry(
            crisis.started_on,
            "crisis.started",
            _("Crisis began: %(title)s") % {"title": crisis.title},
            crisis.source_text,
            crisis,
            url=url,
            record=ref,
        )
    if on_or_before(crisis.ended_on, as_of):
        yield entry(
            crisis.ended_on,
            "crisis.ended",
            _("Crisis ended: %(title)s") % {"title": crisis.title},
            crisis.source_text,
            crisis,
            url=url,
            record=ref,
        )


def visible_requests(user: Any, crisis: Crisis) -> QuerySet:
    """The crisis's requests the reader may see."""
    return Request.objects.restrict(user).filter(crisis=crisis).select_related("state", "decision_item")


def request_entries(user: Any, requests: list[Request], as_of: datetime.date | None) -> Iterator[Entry]:
    """Each step of each visible request: drafted, submitted, under consultation, decided …"""
    by_pk = {request.pk: request for request in requests}
    steps = RequestStep.objects.restrict(user).filter(request_id__in=by_pk).order_by("on", "id")
    for step in steps:
        if not on_or_before(step.on, as_of):
            continue
        request = by_pk[step.request_id]
        summary = _("Request %(title)s (%(state)s): %(status)s") % {
            "title": request.title,
            "state": request.state.code,
            "status": RequestStatus(step.status).label,
        }
        yield entry(
            step.on,
            "request.step",
            summary,
            step.source_text or request.source_text,
            request,
            url=request_page(request.key),
            record=f"step:{step.pk:012d}",
            follows=STEP_FOLLOWS.get(step.status, ""),
        )


def decision_entries(user: Any, requests: list[Request], as_of: datetime.date | None) -> Iterator[Entry]:
    """The agenda item that decided each request, with its outcome, on the day of its session."""
    by_item = {request.decision_item_id: request for request in requests if request.decision_item_id}
    items = AgendaItem.objects.restrict(user).filter(pk__in=by_item).select_related("session__body")
    for item in items:
        session = item.session
        if not on_or_before(session.date, as_of):
            continue
        request = by_item[item.pk]
        summary = _("Decision of %(body)s on %(request)s: %(item)s — %(outcome)s") % {
            "body": session.body.name,
            "request": request.title,
            "item": item.title,
            "outcome": AgendaItem.Outcome(item.outcome).label,
        }
        source = ", ".join(item.source_keys or session.source_keys or [])
        yield entry(
            session.date,
            "decision",
            summary,
            source,
            session,
            url=request_page(request.key),
            record=f"item:{item.pk:012d}",
        )


def consultation_entries(
    user: Any, crisis: Crisis, request_ids: list[int], as_of: datetime.date | None
) -> Iterator[Entry]:
    """Consultations held on the crisis or on one of its visible requests, on the session's day."""
    consultations = (
        Consultation.objects.restrict(user)
        .filter(Q(crisis=crisis) | Q(request_id__in=request_ids))
        .select_related("session__body")
    )
    for consultation in consultations:
        session = consultation.session
        if not on_or_before(session.date, as_of):
            continue
        summary = _("Consultation held by %(body)s (%(format)s, %(kind)s)") % {
            "body": session.body.name,
            "format": session.get_format_display(),
            "kind": session.get_kind_display(),
        }
        if consultation.outcome:
            summary = f"{summary}: {consultation.outcome}"
        yield entry(
            session.date,
            "consultation",
            summary,
            ", ".join(session.source_keys or []),
            session,
            record=f"consultation:{consultation.pk:012d}",
        )


OFFER_DATES = (
    ("offered_on", "offer.made"),
    ("accepted_on", "offer.accepted"),
    ("declined_on", "offer.declined"),
    ("withdrawn_on", "offer.withdrawn"),
)


def offer_summary(kind: str, offer: Offer) -> str:
    """What happened to an offer, in words."""
    values = {
        "state": offer.state.code,
        "quantity": f"{offer.quantity.normalize():f}",
        "unit": offer.line.unit,
        "what": offer.line.what,
        "request": offer.line.request.title,
    }
    texts = {
        "offer.made": _("%(state)s offered %(quantity)s %(unit)s of %(what)s (%(request)s)"),
        "offer.accepted": _("Offer of %(state)s accepted: %(quantity)s %(unit)s of %(what)s (%(request)s)"),
        "offer.declined": _("Offer of %(state)s declined: %(quantity)s %(unit)s of %(what)s (%(request)s)"),
        "offer.withdrawn": _("Offer of %(state)s withdrawn: %(quantity)s %(unit)s of %(what)s (%(request)s)"),
    }
    return texts[kind] % values


def offer_entries(user: Any, request_ids: list[int], as_of: datetime.date | None) -> Iterator[Entry]:
    """Each offer against a visible request: made, and accepted, declined or withdrawn, by their dates."""
    offers = (
        Offer.objects.restrict(user)
        .filter(line__request_id__in=request_ids)
        .select_related("state", "line__request")
    )
    for offer in offers:
        request = offer.line.request
        for field, kind in OFFER_DATES:
            day = getattr(offer, field)
            if on_or_before(day, as_of):
                yield entry(
                    day,
                    kind,
                    offer_summary(kind, offer),
                    offer.source_text,
                    request,
                    url=request_page(request.key),
                    record=f"offer:{offer.pk:012d}",
                )


def deployment_entries(
    user: Any, crisis: Crisis, request_ids: list[int], as_of: datetime.date | None
) -> Iterator[Entry]:
    """Deployments of the collective forces (deployed, withdrawn) and their national contingents."""
    deployments = list(
        Deployment.objects.restrict(user)
        .filter(Q(crisis=crisis) | Q(request_id__in=request_ids))
        .select_related("formation", "host")
    )
    for deployment in deployments:
        values = {"formation": str(deployment.formation), "host": deployment.host.code}
        ref = f"deployment:{deployment.pk:012d}"
        source = deployment.source_text or ", ".join(deployment.source_keys or [])
        if on_or_before(deployment.deployed_on, as_of):
            yield entry(
                deployment.deployed_on,
                "deployment.deployed",
                _("%(formation)s deployed to %(host)s") % values,
                source,
                deployment,
                record=ref,
            )
        if on_or_before(deployment.withdrawn_on, as_of):
            yield entry(
                deployment.withdrawn_on,
                "deployment.withdrawn",
                _("%(formation)s withdrawn from %(host)s") % values,
                source,
                deployment,
                record=ref,
            )
    by_pk = {deployment.pk: deployment for deployment in deployments}
    for contingent in (
        Contingent.objects.restrict(user).filter(deployment_id__in=by_pk).select_related("state")
    ):
        deployment = by_pk[contingent.deployment_id]
        values = {
            "state": contingent.state.code,
            "personnel": contingent.personnel or "—",
            "formation": str(deployment.formation),
        }
        ref = f"contingent:{contingent.pk:012d}"
        if on_or_before(contingent.deployed_on, as_of):
            yield entry(
                contingent.deployed_on,
                "contingent.deployed",
                _("Contingent of %(state)s (%(personnel)s personnel) deployed with %(formation)s") % values,
                deployment.source_text,
                deployment,
                record=ref,
            )
        if on_or_before(contingent.withdrawn_on, as_of):
            yield entry(
                contingent.withdrawn_on,
                "contingent.withdrawn",
                _("Contingent of %(state)s withdrawn from %(formation)s") % values,
                deployment.source_text,
                deployment,
                record=ref,
            )


def delivery_entries(
    user: Any, crisis: Crisis, request_ids: list[int], as_of: datetime.date | None
) -> Iterator[Entry]:
    """Deliveries of the crisis, or against an offer on one of its visible requests."""
    deliveries = (
        Delivery.objects.restrict(user)
        .filter(Q(crisis=crisis) | Q(offer__line__request_id__in=request_ids))
        .select_related("donor_state", "recipient")
    )
    for delivery in deliveries:
        if not on_or_before(delivery.delivered_on, as_of):
            continue
        values = {
            "what": delivery.what,
            "quantity": f"{delivery.quantity.normalize():f} {delivery.unit}".strip()
            if delivery.quantity
            else "",
            "from": delivery.donor_state.code if delivery.donor_state_id else _("the Organization"),
            "to": delivery.recipient.code,
        }
        summary = _("Delivered %(quantity)s %(what)s from %(from)s to %(to)s") % values
        if delivery.value is not None:
            summary = f"{summary} ({delivery.value.normalize():f} {delivery.currency})"
        source = delivery.source_text or ", ".join(delivery.source_keys or [])
        yield entry(
            delivery.delivered_on,
            "delivery",
            " ".join(summary.split()),
            source,
            delivery,
            record=f"delivery:{delivery.pk:012d}",
        )


def linked(user: Any, model: type, crisis: Crisis, field: str) -> QuerySet:
    """The records of a crisis's list (events, episodes …) the reader may see."""
    ids = getattr(crisis, field).values("pk")
    return model.objects.restrict(user).filter(pk__in=ids)


def event_entries(user: Any, crisis: Crisis, as_of: datetime.date | None) -> Iterator[Entry]:
    """Events linked to the crisis, on their day."""
    for event in linked(user, Event, crisis, "events"):
        if on_or_before(event.date, as_of):
            summary = f"{event.get_category_display()}, {event.country}: {event.description}".rstrip(": ")
            yield entry(
                event.date,
                "event",
                summary,
                f"{event.source} {event.reference}".strip(),
                event,
                record=f"event:{event.pk:012d}",
            )


def episode_entries(user: Any, crisis: Crisis, as_of: datetime.date | None) -> Iterator[Entry]:
    """Alert episodes linked to the crisis: opened (at its first level), escalated, closed."""
    for episode in linked(user, Episode, crisis, "episodes").select_related("series"):
        first_level = Episode.Level.AMBER if episode.escalated_on else episode.level
        values = {"series": episode.series.key, "state": episode.series.country}
        ref = f"episode:{episode.pk:012d}"
        facts = (
            (
                episode.opened_on,
                "episode.opened",
                _("%(level)s alert episode opened on %(series)s (%(state)s)")
                % {**values, "level": Episode.Level(first_level).label},
            ),
            (
                episode.escalated_on,
                "episode.escalated",
                _("Alert episode on %(series)s (%(state)s) escalated to red") % values,
            ),
            (
                episode.closed_on,
                "episode.closed",
                _("Alert episode on %(series)s (%(state)s) closed") % values,
            ),
        )
        for day, kind, summary in facts:
            if on_or_before(day, as_of):
                yield entry(day, kind, summary, episode.method, episode, record=ref)


def report_entries(user: Any, crisis: Crisis, as_of: datetime.date | None) -> Iterator[Entry]:
    """Situation reports linked to the crisis, on their report date."""
    for report in linked(user, SituationReport, crisis, "reports").defer("html", "pdf"):
        if on_or_before(report.report_date, as_of):
            summary = _("Situation report %(number)s (%(status)s)") % {
                "number": report.number or report.report_date.isoformat(),
                "status": report.get_status_display(),
            }
            yield entry(
                report.report_date,
                "report",
                summary,
                report.number,
                report,
                record=f"report:{report.pk:012d}",
            )


def document_entries(user: Any, crisis: Crisis, as_of: datetime.date | None) -> Iterator[Entry]:
    """Documents linked to the crisis, on their date."""
    for document in linked(user, Document, crisis, "documents"):
        if on_or_before(document.date, as_of):
            summary = pgettext("timeline", "%(kind)s: %(title)s") % {
                "kind": document.get_kind_display(),
                "title": document.title,
            }
            source = ", ".join(str(key) for key in document.source_keys or [])
            yield entry(
                document.date, "document", summary, source, document, record=f"document:{document.pk:012d}"
            )


def timeline(crisis: Crisis, user: Any, as_of: datetime.date | None = None) -> list[Entry]:
    """Every entry of the crisis the user may see, on or before ``as_of``, in date order (ties in the
    order things happen, then by record: the same every time)."""
    requests = list(visible_requests(user, crisis))
    request_ids = [request.pk for request in requests]
    sources = (
        crisis_entries(crisis, as_of),
        request_entries(user, requests, as_of),
        decision_entries(user, requests, as_of),
        consultation_entries(user, crisis, request_ids, as_of),
        offer_entries(user, request_ids, as_of),
        deployment_entries(user, crisis, request_ids, as_of),
        delivery_entries(user, crisis, request_ids, as_of),
        event_entries(user, crisis, as_of),
        episode_entries(user, crisis, as_of),
        report_entries(user, crisis, as_of),
        document_entries(user, crisis, as_of),
    )
    return sorted((item for source in sources for item in source), key=Entry.sort_key)
