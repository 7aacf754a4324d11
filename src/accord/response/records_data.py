"""Consultations, decisions and deployments as plain data, the same for the CLI's ``--json``, the API
and the request's panels (figures and codes, never names of people)."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.references import References, api_value
from accord.decisions.models import AgendaItem
from accord.response.consultation_services import positions_of
from accord.response.deployment_services import totals
from accord.response.models import Consultation, Deployment


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def consultation_data(consultation: Consultation, user: Any) -> dict[str, Any]:
    """A consultation: its session (body, date, format, kind), participants and their capacity, the
    participants that are not states, and its outcome; the request and the proposed item as far as
    ``user`` may see them (:mod:`accord.core.references`)."""
    session = consultation.session
    references = References(user)
    return {
        "id": consultation.pk,
        "session": session.pk,
        "body": session.body.key,
        "date": day(session.date),
        "format": session.format,
        "kind": session.kind,
        "classification": session.classification,
        "request": api_value(references.from_record(consultation, "request")),
        "participants": [
            {"state": row.state.code, "capacity": row.capacity}
            for row in session.participants.select_related("state").order_by("state__code")
        ],
        "attendees": [
            {"body": attendee.body.key if attendee.body_id else None, "description": attendee.description}
            for attendee in consultation.attendees.select_related("body")
        ],
        "outcome": consultation.outcome,
        "proposal_to": consultation.proposal_to.key if consultation.proposal_to_id else None,
        "proposal_item": api_value(references.from_record(consultation, "proposal_item")),
    }


def decision_data(item: AgendaItem | None) -> dict[str, Any] | None:
    """The decision on a request: the session and item, its outcome and every state's position."""
    if item is None:
        return None
    return {
        "session": item.session_id,
        "session_key": item.session.key,
        "body": item.session.body.key,
        "date": day(item.session.date),
        "item": item.number,
        "title": item.title_en,
        "outcome": item.outcome,
        "positions": [
            {key: row[key] for key in ("state", "capacity", "position", "remark")}
            for row in positions_of(item)
        ],
    }


def deployment_data(deployment: Deployment, user: Any, on: datetime.date | None = None) -> dict[str, Any]:
    """A deployment: formation, host, dates, contingents with their figures, totals, phases; the request
    and the mandate as far as ``user`` may see them (:mod:`accord.core.references`)."""
    references = References(user)
    return {
        "key": deployment.key,
        "formation": deployment.formation.key,
        "host": deployment.host.code,
        "request": api_value(references.from_record(deployment, "request")),
        "mandate": api_value(references.from_record(deployment, "mandate")),
        "deployed_on": day(deployment.deployed_on),
        "withdrawn_on": day(deployment.withdrawn_on),
        "classification": deployment.classification,
        "contingents": [
            {
                "id": contingent.pk,
                "state": contingent.state.code,
                "personnel": contingent.personnel,
                "equipment": contingent.equipment,
                "deployed_on": day(contingent.deployed_on),
                "withdrawn_on": day(contingent.withdrawn_on),
            }
            for contingent in deployment.contingents.select_related("state")
        ],
        "totals": totals(deployment, on),
        "phases": [
            {"name": phase.name, "starts_on": day(phase.starts_on), "ends_on": day(phase.ends_on)}
            for phase in deployment.phases.all()
        ],
    }
