"""The home page's word to a state's users about their state's status: what it is, since when and
why, and what they may see because of it — so that a change of status is never a silent drop."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from accord.accounts.policy import visibility_for
from accord.accounts.rules import Visibility
from accord.charter import models as charter
from accord.core.classification import Classification, Releasability

RECENT = datetime.timedelta(days=90)  # a change this recent is announced, not only shown


def own_state_notice(user: Any, today: datetime.date) -> dict[str, Any] | None:
    """For a user who belongs to a state: its status today, the change that led to it, and the
    user's access now and before that change. None for everyone else."""
    state = getattr(user, "affiliation_state", None) if getattr(user, "is_authenticated", False) else None
    if state is None:
        return None
    spans = list(charter.StateStatus.objects.restrict(user).filter(state=state).order_by("valid_from"))
    current = next((span for span in spans if covers(span, today)), None)
    previous = previous_span(spans, current)
    start = current.valid_from if current else None
    before = visibility_for(user, start - datetime.timedelta(days=1)) if start else None
    now = visibility_for(user, today)
    return {
        "state": state,
        "current": current,
        "previous": previous,
        "recent": bool(start and today - start <= RECENT),
        "access": access_text(now),
        "access_before": access_text(before) if before else "",
        "narrower": bool(before and narrower(now, before)),
    }


def covers(span: charter.StateStatus, on: datetime.date) -> bool:
    """Whether the status held on ``on``."""
    return (span.valid_from is None or span.valid_from <= on) and (
        span.valid_to is None or on < span.valid_to
    )


def previous_span(spans: list[charter.StateStatus], current: charter.StateStatus | None) -> Any:
    """The status held just before the current one (None if there was none)."""
    if current is None or current.valid_from is None:
        return None
    return next((span for span in reversed(spans) if span.valid_to == current.valid_from), None)


def access_text(visible: Visibility) -> str:
    """What a user may see, in words: the highest classification and to whom records are released."""
    if visible.max_classification is None:
        return _("nothing")
    releases = ", ".join(str(Releasability(key).label) for key in sorted(visible.releases))
    return _("records up to %(level)s released to: %(releases)s") % {
        "level": Classification(visible.max_classification).label,
        "releases": releases,
    }


def narrower(now: Visibility, before: Visibility) -> bool:
    """Whether the user sees less now than before the change."""
    lower = (now.max_classification or -1) < (before.max_classification or -1)
    return lower or not before.releases <= now.releases
