"""What a request shows as of a date, one structure for the page, the API and ``accord response show``.

Its status on the date (the last step on or before it), the steps up to it, each line with what was
requested, pledged, committed and delivered and the gap (:func:`accord.response.gap.request_gap`),
the body's decision with every state's position, the deployments and consultations that refer to it,
and its links — each read through ``restrict`` or :mod:`accord.core.references`, so a reader learns
of a record they may not see only that it exists.
"""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.access import Action
from accord.core.references import References, api_value
from accord.decisions.models import AgendaItem, Position
from accord.response import lifecycle
from accord.response.gap import request_gap
from accord.response.models import Consultation, Deployment, Request, RequestStatus


def status_label(status: str | None) -> str:
    return str(RequestStatus(status).label) if status else ""


def summary_json(request: Request) -> dict[str, Any]:
    """A request in a list: enough to find it (its present status)."""
    return {
        "key": request.key,
        "title": request.title,
        "state": request.state.code,
        "basis": request.basis.key,
        "channel": request.channel,
        "requested_on": request.requested_on.isoformat(),
        "needed_by": request.needed_by.isoformat() if request.needed_by else None,
        "status": request.status,
        "status_label": status_label(request.status),
        "classification": request.get_classification_display(),
        "releasability": request.releasability,
    }


def basis_json(request: Request) -> dict[str, Any]:
    """The basis and what it requires (from the charter file)."""
    basis = request.basis
    return {
        "key": basis.key,
        "name": str(basis.name),
        "description": basis.description,
        "requested_by": list(basis.requested_by or []),
        "offered_by": list(basis.offered_by or []),
        "channels": list(basis.channels or []),
        "decided_by": basis.decided_by.key if basis.decided_by else None,
        "sources": list(basis.source_keys or []),
    }


def steps_json(request: Request, day: datetime.date | None) -> list[dict[str, Any]]:
    steps = request.steps.order_by("on", "id")
    if day is not None:
        steps = steps.filter(on__lte=day)
    return [
        {
            "status": item.status,
            "status_label": status_label(item.status),
            "on": item.on.isoformat(),
            "reason": item.reason,
            "source": item.source_text,
            "recorded_by": item.recorded_by,
        }
        for item in steps
    ]


def decision_json(user: Any, request: Request, day: datetime.date | None, refs: References) -> dict | None:
    """The agenda item that decided the request, its outcome and each state's position, if seen."""
    reference = refs.from_record(request, "decision_item")
    if reference is None:
        return None
    if not reference.visible:
        return {"item": api_value(reference)}
    item = AgendaItem.objects.restrict(user, Action.VIEW).select_related("session").get(pk=reference.id)
    if day is not None and item.session.date > day:
        return None  # not yet decided on the date asked for
    positions = Position.objects.restrict(user, Action.VIEW).filter(item=item).select_related("state")
    return {
        "item": api_value(reference),
        "session_date": item.session.date.isoformat(),
        "outcome": item.outcome,
        "outcome_label": str(item.get_outcome_display()),
        "positions": [
            {
                "state": position.state.code,
                "position": position.position,
                "position_label": str(position.get_position_display()),
                "remark": position.remark,
            }
            for position in positions.order_by("state__code")
        ],
    }


def deployments_json(user: Any, request: Request, day: datetime.date | None) -> list[dict[str, Any]]:
    found = (
        Deployment.objects.restrict(user, Action.VIEW)
        .filter(request=request)
        .select_related("formation", "host")
    )
    if day is not None:
        found = found.filter(deployed_on__lte=day)
    return [
        {
            "key": item.key,
            "formation": item.formation.key,
            "host": item.host.code,
            "deployed_on": item.deployed_on.isoformat(),
            "withdrawn_on": item.withdrawn_on.isoformat()
            if item.withdrawn_on and (day is None or item.withdrawn_on <= day)
            else None,
        }
        for item in found.order_by("deployed_on", "id")
    ]


def consultations_json(user: Any, request: Request, day: datetime.date | None) -> list[dict[str, Any]]:
    found = (
        Consultation.objects.restrict(user, Action.VIEW)
        .filter(request=request)
        .select_related("session", "session__body")
    )
    if day is not None:
        found = found.filter(session__date__lte=day)
    return [
        {
            "session": item.session.key or item.session.pk,
            "title": item.session.title,
            "date": item.session.date.isoformat(),
            "body": item.session.body.key,
            "format": item.session.format,
            "kind": item.session.kind,
            "outcome": item.outcome,
        }
        for item in found.order_by("session__date", "id")
    ]


def links_json(request: Request, refs: References) -> dict[str, Any]:
    """The crisis, events, alert episodes and reports a request refers to, as the reader may see them."""
    links: dict[str, Any] = {"crisis": api_value(refs.from_record(request, "crisis"))}
    for name in ("events", "episodes", "reports"):
        manager = getattr(request, name)
        model = manager.model
        ids = list(manager.values_list("pk", flat=True))
        refs.load(model, ids)
        links[name] = [api_value(refs.to(model, pk)) for pk in ids]
    return links


def request_json(user: Any, request: Request, day: datetime.date | None = None) -> dict[str, Any]:
    """Everything a request shows as of ``day`` (today's when None), as the user may see it."""
    refs = References(user)
    status = lifecycle.status_on(request, day)
    return {
        **summary_json(request),
        "title_en": request.title_en,
        "title_ru": request.title_ru,
        "note": request.note,
        "source": request.source_text,
        "sources": list(request.source_keys or []),
        "as_of": day.isoformat() if day else None,
        "status": status,
        "status_label": status_label(status),
        "status_now": request.status,
        "basis": request.basis.key,
        "basis_detail": basis_json(request),
        "addressed_to": sorted(state.code for state in request.addressed_to.all()),
        "release_to": request.release_to_codes,
        "steps": steps_json(request, day),
        "gap": request_gap(request, day).as_json() if status else {"lines": [], "closed": False},
        "decision": decision_json(user, request, day, refs),
        "deployments": deployments_json(user, request, day),
        "consultations": consultations_json(user, request, day),
        "links": links_json(request, refs),
        "allowed_next": lifecycle.allowed_next(request),
    }
