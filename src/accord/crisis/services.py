"""The alert workflow: CRC duty officers acknowledge, comment on and close alerts; all recorded.

Who may handle an alert is the access policy's one answer (the change right on the alert: the roles
the model names, the Secretariat and administrators), asked by :func:`require_handler`; pages and the
API ask the same question, never a list of roles of their own.
"""

from __future__ import annotations

import uuid

from django.db import transaction

from accord.charter.models import Region, State
from accord.core.access import Action, require, require_add
from accord.core.audit import Actor, record_change, save_with_record
from accord.core.errors import ServiceError
from accord.core.validation import (
    InvalidValue,
    check_fields,
    check_record,
    check_state_code,
    check_text,
    require_within_reach,
)
from accord.crisis.counts import count_event
from accord.crisis.models import Alert, AlertComment, Event
from accord.crisis.notifications import notify_report_received


class AlertError(ServiceError):
    """An alert cannot move as asked."""


def require_handler(actor: Actor, alert: Alert) -> None:
    """Only those the policy lets change the alert (CRC duty officers, among others) handle it."""
    require(actor.access_user, alert, Action.CHANGE)


@transaction.atomic
def acknowledge_alert(alert: Alert, *, actor: Actor) -> None:
    """A duty officer has seen the alert and is on it."""
    require_handler(actor, alert)
    if alert.status != Alert.Status.OPEN:
        raise AlertError(f"status: the alert is {alert.status}, only an open alert is acknowledged")
    save_with_record(
        alert,
        actor=actor,
        reason="acknowledged",
        fields={"status": Alert.Status.ACKNOWLEDGED, "acknowledged_by": actor.name},
    )


@transaction.atomic
def comment_on_alert(alert: Alert, text: str, *, actor: Actor) -> AlertComment:
    """Add a comment; closed alerts keep their record as it was."""
    require_handler(actor, alert)
    if not text.strip():
        raise AlertError("text: a comment cannot be empty")
    if alert.status == Alert.Status.CLOSED:
        raise AlertError("status: the alert is closed")
    comment = AlertComment(alert=alert, author=actor.name, text=text.strip())
    check_record(comment, AlertError)
    comment.save()
    record_change(
        actor=actor,
        action="create",
        instance=comment,
        before=None,
        after={"text": comment.text},
        reason="comment on an alert",
    )
    return comment


@transaction.atomic
def close_alert(alert: Alert, reason: str, *, actor: Actor) -> None:
    """Close an alert, saying why."""
    require_handler(actor, alert)
    if alert.status == Alert.Status.CLOSED:
        raise AlertError("status: the alert is already closed")
    if not reason.strip():
        raise AlertError("reason: say why the alert is closed")
    try:
        check_text(reason)
    except InvalidValue as refusal:
        raise AlertError(f"reason: {refusal}") from None
    save_with_record(
        alert,
        actor=actor,
        reason=reason.strip(),
        fields={"status": Alert.Status.CLOSED, "closed_by": actor.name},
    )


REPORT_SOURCE = "report"


class ReportError(ServiceError):
    """A situation report cannot be recorded as given; the message names the field."""


def reports_for_own_state(actor: Actor, country: str) -> bool:
    """Whether the report is the reporter's own state's: its source is the state itself. Anyone else
    recording an event (the Crisis Response Center, the Secretariat) cites one."""
    state = getattr(actor.access_user, "affiliation_state", None)
    return state is not None and state.code == country


@transaction.atomic
def report_event(values: dict, *, actor: Actor) -> Event:
    """A situation report of an event: a liaison officer's of their own state, or one the Crisis
    Response Center or the Secretariat records for any state, citing its source (the policy decides
    who may add an event for which state)."""
    country = values["country"]
    try:
        check_state_code(country)
    except InvalidValue as refusal:
        raise ReportError(f"country: {refusal}") from None
    if not State.objects.restrict(actor.access_user).filter(code=country).exists():
        raise ReportError(f"country: no state has the code {country}")
    require_add(actor.access_user, Event, country)
    reference = (values.get("reference") or "").strip()
    if not reference and not reports_for_own_state(actor, country):
        raise ReportError("reference: say where the report comes from (it is not your own state's report)")
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        raise ReportError("latitude, longitude: give both coordinates or neither")
    event = Event(
        source=REPORT_SOURCE,
        source_id=uuid.uuid4().hex,
    )
    regions = Region.objects.restrict(actor.access_user).filter(states__code=country)
    gazetteer_region = regions.values_list("key", flat=True).first() or ""
    fields = {
        "date": values["date"],
        "date_end": values["date"],
        "date_precision": "day",
        "place": values.get("place", ""),
        "place_precision": "point"
        if latitude is not None
        else ("admin" if values.get("admin1") else "country"),
        "latitude": latitude,
        "longitude": longitude,
        "admin1": values.get("admin1", ""),
        "country": country,
        "region": gazetteer_region,
        "category": values["category"],
        "fatalities_best": values.get("fatalities"),
        "description": values.get("description", ""),
        "reference": reference,
        "classification": values.get("classification", 1),
        "releasability": values.get("releasability", "members-only"),
        "release_to": "",
    }
    check_fields(event, fields, ReportError)
    save_with_record(event, actor=actor, reason="situation report", fields=fields)
    require_within_reach(actor.access_user, event)
    count_event(event)
    notify_report_received(event, actor=actor)  # those who may see it, in this transaction
    return event
