"""The request page's panel of deployments: each deployment the user may see under the request, with
its contingents' totals on the day asked for, and the link to deploy a contingent."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.access import may_add
from accord.response.deployment_services import totals
from accord.response.lookups import visible_deployments
from accord.response.models import Deployment
from accord.response.panels import Panel, register


def deployments_context(user: Any, request: Any, day: datetime.date | None) -> dict[str, Any]:
    """What the panel shows of this request's deployments for this user (as of ``day`` when given)."""
    found = visible_deployments(user).filter(request=request)
    if day is not None:
        found = found.filter(deployed_on__lte=day)
    rows = [{"deployment": item, "totals": totals(item, day)} for item in found.order_by("deployed_on", "id")]
    signed_in = getattr(user, "is_authenticated", False)
    return {"subject": request, "deployments": rows, "may_deploy": signed_in and may_add(user, Deployment)}


register(Panel(30, "response/panel_deployments.html", deployments_context))
