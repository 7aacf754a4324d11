"""The situation report's section "Assistance: open requests and their gap": the requests open on the
report's day that its reader may see (in the region's states, when the report covers a region), each
line with what is requested, committed and delivered, and the gap, as of that day."""

from __future__ import annotations

import datetime
from typing import Any

from accord.charter import gazetteer
from accord.crisis.sitreps.extra import ExtraSection, register_section
from accord.response import lifecycle
from accord.response.gap import request_gap
from accord.response.models import Request, RequestStatus

TEMPLATE = "response/sitrep_assistance.html"
MOST = 20  # the report lists the first requests, newest first; the page has them all


def open_on(request: Request, day: datetime.date) -> bool:
    """Submitted by ``day`` and not ended by then."""
    status = lifecycle.status_on(request, day)
    return status is not None and status != RequestStatus.DRAFT and status not in lifecycle.FINAL


def assistance_section(user: Any, day: datetime.date, region: str = "") -> dict[str, Any]:
    """The open requests the reader may see, with their gap on ``day``."""
    requests = Request.objects.restrict(user).filter(requested_on__lte=day).select_related("state", "basis")
    if region:
        requests = requests.filter(state__code__in=gazetteer.region_state_codes(region, user))
    shown = [request for request in requests.order_by("-requested_on", "-id") if open_on(request, day)]
    return {
        "rows": [
            {
                "request": request,
                "status": lifecycle.status_on(request, day),
                "gap": request_gap(request, day),
            }
            for request in shown[:MOST]
        ],
        "count": len(shown),
        "queryset": Request.objects.filter(pk__in=[request.pk for request in shown]),
    }


register_section(ExtraSection(50, TEMPLATE, assistance_section))
