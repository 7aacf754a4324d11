"""API writes of the charter's instruments (mounted under /charter/ by :mod:`accord.api`, beside
:mod:`accord.charter.api`): a new instrument, a signature, diplomatic relations. Each names its token
scope, is judged by the access policy (a liaison officer signs for their own state only), and
answers a refusal with 403, or 422 with the field's path."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from accord.charter import models as charter
from accord.charter.instrument_changes import NewInstrument, Signature, record_instrument, record_signature
from accord.charter.services import record_relation, state_by_code_or_name
from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.audit import Actor
from accord.core.models import Source
from accord.core.scopes import require_scope
from accord.core.validation import Day, model_text

router = Router(tags=["charter"])


class CitedIn(Schema):
    """A source by key or title, with its publisher and date when known (to find it again)."""

    source: model_text(Source, "title")
    publisher: model_text(Source, "publisher") = ""
    published_on: Day | None = None


class InstrumentIn(CitedIn):
    key: model_text(charter.Instrument, "key")
    title_en: model_text(charter.Instrument, "title_en")
    title_ru: model_text(charter.Instrument, "title_ru") = ""
    kind: charter.Instrument.Kind
    entry_into_force: charter.Instrument.EntryIntoForce
    adopted_on: Day | None = None
    place_en: model_text(charter.Instrument, "place_en") = ""
    place_ru: model_text(charter.Instrument, "place_ru") = ""
    adopted_by: model_text(charter.Body, "key") = ""
    in_force_from: Day | None = None
    note: model_text(charter.Instrument, "note") = ""


class InstrumentOut(Schema):
    key: str
    title_en: str
    title_ru: str
    kind: str
    entry_into_force: str
    adopted_on: datetime.date | None
    adopted_by: str | None
    place_en: str
    in_force_from: datetime.date | None
    source_keys: list[str]


class SignatureIn(CitedIn):
    instrument: model_text(charter.Instrument, "key")
    state: model_text(charter.State, "name_en")
    on: Day
    office: model_text(charter.InstrumentParticipant, "signed_by")
    place: model_text(charter.InstrumentParticipant, "signed_place") = ""


class SignatureOut(Schema):
    instrument: str
    state: str
    signed_on: datetime.date
    signed_by: str
    signed_place: str
    ratified_on: datetime.date | None
    override_reason: str
    source_keys: list[str]


class RelationIn(CitedIn):
    first: model_text(charter.State, "name_en")
    second: model_text(charter.State, "name_en")
    established_on: Day | None = None
    broken_off_on: Day | None = None


class RelationOut(Schema):
    states: list[str]
    established_on: datetime.date | None
    broken_off_on: datetime.date | None
    source_keys: list[str]


def post_instrument(request: HttpRequest, payload: InstrumentIn):
    """Record a new instrument; mounted by :func:`mount_instrument_writes`."""
    require_scope(request, Permission.INSTRUMENT_CHANGE)
    new = NewInstrument(
        key=payload.key,
        title_en=payload.title_en,
        title_ru=payload.title_ru,
        kind=payload.kind,
        entry_into_force=payload.entry_into_force,
        source=payload.source,
        adopted_on=payload.adopted_on,
        place_en=payload.place_en,
        place_ru=payload.place_ru,
        adopted_by=payload.adopted_by,
        in_force_from=payload.in_force_from,
        note=payload.note,
        publisher=payload.publisher,
        published_on=payload.published_on,
    )
    instrument = record_instrument(new, actor=Actor.for_user(request.user))
    return Status(
        201,
        {
            "key": instrument.key,
            "title_en": instrument.title_en,
            "title_ru": instrument.title_ru,
            "kind": instrument.kind,
            "entry_into_force": instrument.entry_into_force,
            "adopted_on": instrument.adopted_on,
            "adopted_by": instrument.adopted_by.key if instrument.adopted_by else None,
            "place_en": instrument.place_en,
            "in_force_from": instrument.in_force_from,
            "source_keys": instrument.source_keys,
        },
    )


def mount_instrument_writes(parent: Router) -> None:
    """Add POST /instruments to the router that answers GET /instruments: Django resolves a path to
    one router only, so a write on a path another router reads must live on that router."""
    parent.post(
        "/instruments",
        response={201: InstrumentOut, **error_responses(403, 422)},
        summary="Record a new instrument (scope charter:instrument:change; Secretariat)",
    )(post_instrument)


@router.post(
    "/signatures",
    response={201: SignatureOut, **error_responses(403, 422)},
    summary=(
        "Record a signature: when, where, by which office "
        "(scope charter:instrumentparticipant:change; liaison officers: own state)"
    ),
)
def post_signature(request: HttpRequest, payload: SignatureIn):
    require_scope(request, Permission.RATIFICATION_CHANGE)
    state = state_by_code_or_name(payload.state)
    signature = Signature(
        payload.instrument,
        state,
        payload.on,
        payload.office,
        payload.source,
        payload.place,
        payload.publisher,
        payload.published_on,
    )
    participant = record_signature(signature, actor=Actor.for_user(request.user))
    return Status(
        201,
        {
            "instrument": payload.instrument,
            "state": state.code,
            "signed_on": participant.signed_on,
            "signed_by": participant.signed_by,
            "signed_place": participant.signed_place,
            "ratified_on": participant.ratified_on,
            "override_reason": participant.override_reason,
            "source_keys": participant.source_keys,
        },
    )


@router.post(
    "/relations",
    response={201: RelationOut, **error_responses(403, 422)},
    summary="Record diplomatic relations between two states (scope charter:diplomaticrelation:change)",
)
def post_relation(request: HttpRequest, payload: RelationIn):
    require_scope(request, Permission.RELATION_CHANGE)
    first = state_by_code_or_name(payload.first)
    second = state_by_code_or_name(payload.second)
    relation = record_relation(
        first,
        second,
        established=payload.established_on,
        broken_off=payload.broken_off_on,
        source=payload.source,
        publisher=payload.publisher,
        published_on=payload.published_on,
        actor=Actor.for_user(request.user),
    )
    return Status(
        201,
        {
            "states": [relation.state_a.code, relation.state_b.code],
            "established_on": relation.established_on,
            "broken_off_on": relation.broken_off_on,
            "source_keys": relation.source_keys,
        },
    )
