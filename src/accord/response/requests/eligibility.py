"""Whether a state may ask for assistance on a basis, on a date, from the charter file.

The basis says which rights let a state ask (``requested_by``, right keys of ``rights:``); the
state's status on the request's date gives it rights (``charter.StatusRight``). Nothing here names a
status: edit the charter file's rights or bases and the answers follow. The answer carries the
reasons (the status and where it is recorded, the right that grants or the rights that were missing).
"""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext

from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.models import AssistanceBasis
from accord.core.answers import Answer, Reason, gettext_noop
from accord.forces.capacity import load_rights


def requesting_right(code: str, basis: AssistanceBasis, on: datetime.date) -> Answer:
    """The right by which ``code`` may ask on ``basis`` on ``on`` (value None: it may not), with why."""
    facts = load_facts()
    status = rules.status_of(facts, code, on)
    wanted = frozenset(basis.requested_by or [])
    rights = ", ".join(sorted(wanted)) or "—"
    if status.value is None:
        reason = Reason(
            gettext_noop(
                "%(state)s cannot ask for assistance on the basis %(basis)s: that takes a status giving "
                "one of the rights %(rights)s."
            ),
            {"state": facts.name(code), "basis": basis.key, "rights": rights},
            tuple(basis.source_keys or ()),
        )
        return Answer(None, (*status.reasons, reason))
    held = load_rights().of(status.value)
    granting = sorted(held & wanted)
    params = {
        "state": facts.name(code),
        "status": rules.status_phrase(status.value),
        "date": on.isoformat(),
        "basis": basis.key,
    }
    kind_sources = tuple(basis.source_keys or ())
    if granting:
        reason = Reason(
            gettext_noop(
                "As %(status)s on %(date)s, %(state)s may ask for assistance on the basis %(basis)s: "
                "the charter gives it the right %(right)s."
            ),
            {**params, "right": granting[0]},
            kind_sources,
        )
        return Answer(granting[0], (*status.reasons, reason))
    reason = Reason(
        gettext_noop(
            "As %(status)s on %(date)s, %(state)s cannot ask for assistance on the basis %(basis)s: it "
            "requires one of the rights %(rights)s, which the charter does not give that status."
        ),
        {**params, "rights": rights},
        kind_sources,
    )
    return Answer(None, (*status.reasons, reason))


def holds_status(code: str, on: datetime.date) -> Answer:
    """The state's status on ``on`` (None when it holds none), for the states a request is sent to."""
    return rules.status_of(load_facts(), code, on)


def said(answer: Answer) -> str:
    """An answer's reasons as one sentence in the active language."""
    language = translation.get_language() or "en"
    return " ".join(reason.render(gettext, language) for reason in answer.reasons)
