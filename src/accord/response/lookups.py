"""Finding the records the consultation, decision and deployment verbs name (a request's key, a
session's key or number, a body's key, a formation's key), each read through ``restrict`` for the
user who asks, or refused with the field that names it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accord.charter.models import Body, State
from accord.decisions.models import AgendaItem, Session
from accord.forces.models import Formation
from accord.response.errors import ResponseError
from accord.response.models import Consultation, Deployment, Request


def request_named(user: Any, key: str, action: str = "view") -> Request:
    """The request with this key that the user may see (or change)."""
    found = Request.objects.restrict(user, action).filter(key=key).first()
    if found is None:
        raise ResponseError(_("no request %(key)s") % {"key": key}, field="request")
    return found


def body_named(user: Any, key: str) -> Body:
    """The body (council, committee or working body) with this key."""
    found = Body.objects.restrict(user).filter(key=key).first()
    if found is None:
        raise ResponseError(_("no body %(key)s") % {"key": key}, field="body")
    return found


def state_code(user: Any, code: str, field: str = "state") -> State:
    """The state with this code (any case)."""
    found = State.objects.restrict(user).filter(code=code.upper()).first()
    if found is None:
        raise ResponseError(_("no state %(code)s") % {"code": code}, field=field)
    return found


def session_named(user: Any, key: str) -> Session:
    """A session by its key, or by its number in Accord."""
    sessions = Session.objects.restrict(user).select_related("body")
    found = sessions.filter(key=key).first()
    if found is None and str(key).isdigit():
        found = sessions.filter(pk=int(key)).first()
    if found is None:
        raise ResponseError(_("no session %(key)s") % {"key": key}, field="session")
    return found


def item_of(user: Any, session: Session, number: int | str) -> AgendaItem:
    """The agenda item with this number on the session's agenda."""
    if not str(number).isdigit():
        raise ResponseError(_("an item is named by its number on the agenda"), field="item")
    found = AgendaItem.objects.restrict(user).filter(session=session, number=int(number)).first()
    if found is None:
        raise ResponseError(_("the session has no item %(number)s") % {"number": number}, field="item")
    return found


def mandate_named(user: Any, text: str) -> AgendaItem:
    """``SESSION:ITEM``: an agenda item of a session."""
    session, _sep, number = str(text).rpartition(":")
    if not session:
        raise ResponseError(_("name the mandate as SESSION:ITEM"), field="mandate")
    return item_of(user, session_named(user, session), number)


def formation_named(user: Any, key: str) -> Formation:
    """A formation of the collective forces by its key."""
    found = Formation.objects.restrict(user).filter(key=key).first()
    if found is None:
        raise ResponseError(_("no formation %(key)s") % {"key": key}, field="formation")
    return found


def deployment_named(user: Any, key: str, action: str = "view") -> Deployment:
    """A deployment by its key."""
    found = Deployment.objects.restrict(user, action).filter(key=key).first()
    if found is None:
        raise ResponseError(_("no deployment %(key)s") % {"key": key}, field="deployment")
    return found


def visible_consultations(user: Any) -> QuerySet:
    """Consultations whose session the user may see (their request is shown as a reference: a title
    and a link only to those who may see it)."""
    return Consultation.objects.restrict(user).select_related("session__body")


def visible_deployments(user: Any) -> QuerySet:
    """Deployments the user may see (their own labels), with what the pages show of them."""
    return Deployment.objects.restrict(user).select_related(
        "formation", "host", "request", "mandate__session"
    )
