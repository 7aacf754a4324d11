"""News of crisis response for the people who act on it: a request submitted, an offer made or
accepted, a decision taken, a delivery recorded.

The news goes through the duty officer's mechanism (:func:`accord.crisis.notifications.notify`), so
each recipient's preferences (kinds, states, regions) apply and nobody is told of a record they may not
see. It is for the national contact points of the states concerned (their liaison officers: the
requesting state, the states a bilateral request is addressed to, the offering or giving state) and for
the CRC's duty officers, who follow every request. The services of requests, offers, decisions and
deliveries call these functions in the transaction of their write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from accord.core.audit import Actor
from accord.crisis.models import Notification, NotificationKind
from accord.crisis.notifications import notify, register_fallback_page
from accord.response.links import page_of
from accord.response.models import Delivery, Offer, Request

DUTY_ROLES = frozenset({"crc-duty-officer", "crc-head"})
CONTACT_POINT_ROLE = "liaison-officer"

for label in ("response.request", "response.offer", "response.delivery"):
    register_fallback_page(label, page_of)


def audience_of(states: Iterable[str | None]) -> Callable[[Any], bool]:
    """Who the news is for: the duty officers, and the liaison officers of the states concerned."""
    concerned = frozenset(code for code in states if code)

    def admits(user: Any) -> bool:
        if user.role in DUTY_ROLES:
            return True
        state = getattr(user.affiliation_state, "code", None) if user.affiliation_state_id else None
        return user.role == CONTACT_POINT_ROLE and state in concerned

    return admits


def states_of_request(request: Request) -> list[str]:
    """The requesting state and the states a bilateral request is addressed to."""
    return [request.state.code, *request.addressed_to.values_list("code", flat=True)]


def tell(kind: str, record: Any, states: list[str], *, actor: Actor) -> list[Notification]:
    """Notify the audience of ``states`` of ``record``; the first state is the one the news is about."""
    return notify(
        kind, record, state=states[0] if states else None, actor=actor, audience=audience_of(states)
    )


def request_submitted(request: Request, actor: Actor) -> list[Notification]:
    """A request was submitted: the states it concerns and the duty officers are told."""
    return tell(NotificationKind.REQUEST_SUBMITTED, request, states_of_request(request), actor=actor)


def offer_made(offer: Offer, actor: Actor) -> list[Notification]:
    """A state offered against a line: the requesting state (which accepts or declines) is told."""
    request = offer.line.request
    return tell(NotificationKind.OFFER_MADE, offer, [request.state.code, offer.state.code], actor=actor)


def offer_accepted(offer: Offer, actor: Actor) -> list[Notification]:
    """The requesting state accepted an offer: the offering state is told first of all."""
    request = offer.line.request
    return tell(NotificationKind.OFFER_ACCEPTED, offer, [offer.state.code, request.state.code], actor=actor)


def decision_taken(request: Request, actor: Actor) -> list[Notification]:
    """The body decided on a request: everyone the request concerns is told."""
    return tell(NotificationKind.DECISION_TAKEN, request, states_of_request(request), actor=actor)


def delivery_recorded(delivery: Delivery, actor: Actor) -> list[Notification]:
    """A delivery was recorded: the receiving and the giving state are told."""
    states = [delivery.recipient.code, delivery.donor_state.code if delivery.donor_state_id else None]
    return tell(NotificationKind.DELIVERY_RECORDED, delivery, [code for code in states if code], actor=actor)
