"""The life of a request for assistance: which step may follow which, and its status on any date.

draft → submitted → under consultation → decided (approved, partly approved, declined) → in delivery →
completed; withdrawn from any step before the end. A bilateral request goes to no body, so it may
move from submitted straight to delivery. Every step is a :class:`RequestStep` (who, when it took
effect, why, the source), appended, never rewritten: the status on a date is the last step that took
effect on or before it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.access import require
from accord.core.audit import Actor, save_with_record
from accord.response.errors import ResponseError
from accord.response.models import Channel, Request, RequestStatus, RequestStep

S = RequestStatus
DECIDED = frozenset({S.APPROVED, S.PARTLY_APPROVED, S.DECLINED})
FINAL = frozenset({S.DECLINED, S.COMPLETED, S.WITHDRAWN})
DELIVERABLE = frozenset({S.APPROVED, S.PARTLY_APPROVED, S.IN_DELIVERY})

NEXT: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.UNDER_CONSULTATION, *DECIDED, S.IN_DELIVERY, S.WITHDRAWN}),
    S.UNDER_CONSULTATION: frozenset({*DECIDED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.IN_DELIVERY, S.COMPLETED, S.WITHDRAWN}),
    S.PARTLY_APPROVED: frozenset({S.IN_DELIVERY, S.COMPLETED, S.WITHDRAWN}),
    S.IN_DELIVERY: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def allowed_next(request: Request) -> list[str]:
    """The statuses the request may move to now (for the page's buttons and the API's errors)."""
    allowed = NEXT[request.status]
    if request.channel == Channel.ORGANIZATION and request.status == S.SUBMITTED:
        allowed = allowed - {S.IN_DELIVERY}  # the Organization's help waits for the body's decision
    return [status for status in S.values if status in allowed]


def refuse_step(request: Request, status: str, on: datetime.date) -> None:
    """Raise unless ``request`` may move to ``status`` with effect on ``on``."""
    if status not in S.values:
        raise ResponseError(_("%(value)s is not a status of a request") % {"value": status}, field="status")
    if status not in allowed_next(request):
        raise ResponseError(
            _("a request that is %(now)s cannot become %(next)s")
            % {"now": S(request.status).label, "next": S(status).label},
            field="status",
        )
    last = request.steps.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        raise ResponseError(
            _("the step cannot take effect before the last one (%(day)s)") % {"day": last.on.isoformat()},
            field="on",
        )
    if on < request.requested_on:
        raise ResponseError(_("the step cannot take effect before the request was made"), field="on")


@transaction.atomic
def move(
    request: Request,
    status: str,
    *,
    on: datetime.date,
    actor: Actor,
    reason: str = "",
    source: str = "",
) -> RequestStep:
    """Move ``request`` to ``status`` with effect on ``on``, recording who, why and the source."""
    require(actor.access_user, request, "change")
    locked = Request.objects.select_for_update().get(pk=request.pk)
    refuse_step(locked, status, on)
    step = append_step(locked, status, on=on, actor=actor, reason=reason, source=source)
    request.status = locked.status  # the caller's copy says what the database now holds
    return step


def append_step(
    request: Request, status: str, *, on: datetime.date, actor: Actor, reason: str = "", source: str = ""
) -> RequestStep:
    """Write the step and the request's present status (checked by the caller)."""
    step = RequestStep(request=request, status=status, on=on, recorded_by=actor.name)
    save_with_record(step, actor=actor, reason=reason, fields={"reason": reason, "source_text": source})
    save_with_record(request, actor=actor, reason=reason, fields={"status": status})
    tell_of_step(request, status, actor)
    return step


def tell_of_step(request: Request, status: str, actor: Actor) -> None:
    """Tell the contact points and duty officers of a submitted request or a decision taken on it."""
    from accord.response import notify  # notify imports the models' pages; kept out of import time

    if status == S.SUBMITTED:
        notify.request_submitted(request, actor)
    elif status in DECIDED:
        notify.decision_taken(request, actor)


def status_on(request: Request, day: datetime.date | None) -> str | None:
    """The request's status on ``day`` (today's when None); None before it was made."""
    if day is None:
        return request.status
    step = request.steps.filter(on__lte=day).order_by("-on", "-id").first()
    return step.status if step else None
