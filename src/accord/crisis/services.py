"""The alert workflow: CRC duty officers acknowledge, comment on and close alerts; all recorded."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accord.core.access import require
from accord.core.audit import Actor, record_change, save_with_record
from accord.crisis.models import Alert, AlertComment

DUTY_ROLES = {"crc-duty-officer", "administrator"}


class AlertError(ValueError):
    """An alert cannot move as asked."""


def require_duty_officer(actor: Actor, alert: Alert) -> None:
    """Only CRC duty officers (and administrators) handle alerts they may see."""
    user = actor.user
    if user is not None and getattr(user, "role", None) not in DUTY_ROLES:
        raise PermissionDenied("only CRC duty officers handle alerts")
    require(actor.access_user, alert, "view")


@transaction.atomic
def acknowledge_alert(alert: Alert, *, actor: Actor) -> None:
    """A duty officer has seen the alert and is on it."""
    require_duty_officer(actor, alert)
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
    require_duty_officer(actor, alert)
    if not text.strip():
        raise AlertError("text: a comment cannot be empty")
    if alert.status == Alert.Status.CLOSED:
        raise AlertError("status: the alert is closed")
    comment = AlertComment.objects.create(alert=alert, author=actor.name, text=text.strip())
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
    require_duty_officer(actor, alert)
    if alert.status == Alert.Status.CLOSED:
        raise AlertError("status: the alert is already closed")
    if not reason.strip():
        raise AlertError("reason: say why the alert is closed")
    save_with_record(
        alert,
        actor=actor,
        reason=reason.strip(),
        fields={"status": Alert.Status.CLOSED, "closed_by": actor.name},
    )
