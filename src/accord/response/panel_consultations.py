"""The request page's panel of consultations and the decision: each consultation the user may see,
the decision with every state's position, and the links to hold one and to link the decision."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.access import may
from accord.response.lookups import visible_consultations
from accord.response.panels import Panel, register
from accord.response.views_consultations import decision_rows, may_consult


def consultations_context(user: Any, request: Any, day: datetime.date | None) -> dict[str, Any]:
    """What the panel shows of this request for this user (as of ``day`` when given)."""
    consultations = visible_consultations(user).filter(request=request)
    if day is not None:
        consultations = consultations.filter(session__date__lte=day)
    decision = decision_rows(user, request)
    if decision is not None and day is not None and decision["session"].date > day:
        decision = None
    signed_in = getattr(user, "is_authenticated", False)
    return {
        "subject": request,
        "consultations": list(consultations),
        "decision": decision,
        "may_consult": signed_in and may_consult(user, request),
        "may_decide": signed_in and may(user, request, "change"),
    }


register(Panel(20, "response/panel_consultations.html", consultations_context))
