"""The documents API: lists, counts and exports show exactly what the caller may see."""

import datetime
from typing import Any, Literal

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import Body, State
from accord.core.access import Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.api_pages import Pages
from accord.core.audit import Actor, log_read
from accord.core.classification import Classification, Releasability
from accord.core.label_choices import labels_within_reach
from accord.core.references import ReferenceField, References, api_value
from accord.core.scopes import require_scope
from accord.core.validation import Day, SearchQuery, StateCode, bounded_text, model_text
from accord.decisions import queries
from accord.decisions.models import (
    AgendaItem,
    Amendment,
    Document,
    Measure,
    Minutes,
    Participant,
    Position,
    ProgressReport,
    Session,
)
from accord.decisions.services import (
    accept_amendment,
    add_agenda_item,
    approve_minutes,
    create_document,
    create_session,
    decide_agenda_item,
    draft_minutes,
    propose_amendment,
    report_progress,
    update_document,
)
from accord.decisions.versions import amendment_rows, minutes_versions

router = Router(tags=["decisions"])
# No list names more states than the world has (ISO 3166 counts 249).
MAX_STATES = 300
# A reason given for a change (kept in the change record).
REASON_MAX = 1000
DocumentKind = Literal["", *Document.Kind.values]


class DocumentSchema(Schema):
    id: int
    kind: str
    title_en: str
    title_ru: str
    body: str | None
    state: str | None
    date: str
    classification: str
    releasability: str
    release_to: list[str]
    session: ReferenceField


class DocumentDetailSchema(DocumentSchema):
    text: str


class DocumentIn(Schema):
    kind: Document.Kind
    title_en: model_text(Document, "title_en")
    title_ru: model_text(Document, "title_ru") = ""
    body: model_text(Body, "key") | None = None
    state: StateCode | None = None
    date: Day
    text: model_text(Document, "text") = ""
    # Left out: the usual labels (RESTRICTED, members only), brought within what the caller may read.
    classification: Classification | None = None
    releasability: Releasability | None = None
    release_to: list[StateCode] = Field(default=[], max_length=MAX_STATES)


class CountSchema(Schema):
    count: int


@router.get("/documents", response=list[DocumentSchema], summary="Documents the caller may see")
@paginate(Pages, page_size=25)
def list_documents(
    request: HttpRequest,
    q: SearchQuery = "",
    kind: DocumentKind = "",
    sort: Literal["-date", "date", "title_en"] = "-date",
    **kwargs,
):
    require_scope(request, Permission.DOCUMENT_VIEW)
    return queries.document_rows(
        queries.visible_documents(request.user, q, kind, sort), References(request.user)
    )


@router.get("/documents/count", response=CountSchema, summary="How many documents the caller may see")
def count_documents(request: HttpRequest, q: SearchQuery = "", kind: DocumentKind = ""):
    require_scope(request, Permission.DOCUMENT_VIEW)
    return {"count": queries.visible_documents(request.user, q, kind).count()}


@router.get("/documents/{pk}", response=DocumentDetailSchema, summary="One document (404 if not visible)")
def get_document(request: HttpRequest, pk: int):
    require_scope(request, Permission.DOCUMENT_VIEW)
    document = Document.objects.restrict(request.user).filter(pk=pk).select_related("body", "state").first()
    if document is None:
        raise Http404("No such document.")
    log_read(request.user, document, "api")
    return {**queries.document_row(document, References(request.user)), "text": document.text}


@router.post(
    "/documents",
    response={201: DocumentDetailSchema, **error_responses(403, 422)},
    summary="Record a document (scope decisions:document:add)",
)
def post_document(request: HttpRequest, payload: DocumentIn):
    require_scope(request, Permission.DOCUMENT_ADD)
    values = payload.dict() | labels_within_reach(
        request.user, payload.classification, payload.releasability, payload.release_to
    )
    try:
        values["body"] = Body.objects.restrict(request.user).get(key=payload.body) if payload.body else None
        values["state"] = (
            State.objects.restrict(request.user).get(code=payload.state.upper()) if payload.state else None
        )
    except (Body.DoesNotExist, State.DoesNotExist):
        return Status(422, {"detail": "body or state: unknown key or code"})
    document = create_document(values, actor=Actor.for_user(request.user))
    return Status(201, {**queries.document_row(document, References(request.user)), "text": document.text})


class DocumentChangeIn(Schema):
    title_en: model_text(Document, "title_en") | None = None
    title_ru: model_text(Document, "title_ru") | None = None
    text: model_text(Document, "text") | None = None
    date: Day | None = None
    reason: bounded_text(REASON_MAX) = ""


@router.patch(
    "/documents/{pk}",
    response={200: DocumentDetailSchema, **error_responses(403, 404, 422)},
    summary="Change a document (a program's title, text or date); only the fields given change",
)
def patch_document(request: HttpRequest, pk: int, payload: DocumentChangeIn):
    document = visible_or_404(Document.objects.restrict(request.user), pk)

    def change():
        fields = ("title_en", "title_ru", "text", "date")
        values = {name: getattr(document, name) for name in fields}
        values |= {
            name: value for name, value in payload.dict(include=set(fields)).items() if value is not None
        }
        values |= {
            "releasability": document.releasability,
            "release_to": document.release_to_codes,
            "classification": document.classification,
        }
        update_document(document, values, reason=payload.reason, actor=Actor.for_user(request.user))
        fresh = Document.objects.select_related("body", "state").get(pk=pk)
        return Status(200, {**queries.document_row(fresh, References(request.user)), "text": fresh.text})

    return writing(request, Permission.DOCUMENT_CHANGE, change)


class SessionSchema(Schema):
    id: int
    key: str | None
    body: str
    body_name: str
    title: str
    date: str
    format: str
    kind: str
    place: str
    chair_state: str | None
    items: int
    adopted: int
    classification: str
    sources: list[str]


class PositionSchema(Schema):
    state: str
    position: str
    position_label: str
    remark: str
    earlier: list[dict[str, str]] = []


class AgendaSessionSchema(Schema):
    id: int
    date: str
    body: str
    rule: str


class AgendaItemSchema(Schema):
    id: int
    number: int
    title: str
    title_en: str
    title_ru: str
    outcome: str
    outcome_label: str
    note: str
    session: AgendaSessionSchema
    positions: list[PositionSchema]
    missing: list[str] = []
    decision: ReferenceField
    reasons: list[str]
    sources: list[str]


class SessionDetailSchema(SessionSchema):
    participants: list[dict[str, str]]
    agenda: list[AgendaItemSchema]


class SessionIn(Schema):
    body: model_text(Body, "key")
    title_en: model_text(Session, "title_en") = ""
    title_ru: model_text(Session, "title_ru") = ""
    date: Day
    format: Literal["in-person", "video-conference"] = "in-person"
    kind: Literal["regular", "out-of-schedule"] = "regular"
    place_en: model_text(Session, "place_en") = ""
    place_ru: model_text(Session, "place_ru") = ""
    chair_state: StateCode | None = None
    participants: list[StateCode] = Field(max_length=MAX_STATES)
    classification: Classification = Classification.PUBLIC
    releasability: Literal["everyone", "members-and-partners", "members-only"] = "everyone"


class AgendaItemIn(Schema):
    title_en: model_text(AgendaItem, "title_en") = ""
    title_ru: model_text(AgendaItem, "title_ru") = ""
    positions: dict[StateCode, Literal["agree", "object", "reservation", "abstain"]] = Field(
        default={}, max_length=MAX_STATES
    )
    remarks: dict[StateCode, model_text(Position, "remark")] = Field(default={}, max_length=MAX_STATES)


class MeasureSchema(Schema):
    id: int
    program: str
    program_title: str
    number: str
    text: str
    status: str
    status_label: str
    deadline: str | None
    states: list[str]
    bodies: list[str]
    reasons: list[str]
    sources: list[str]


class StatementCountSchema(Schema):
    year: int
    recorded: int
    by_level: dict[str, int]
    by_level_named: list[dict[str, str | int]]
    reported: int | None
    reported_levels: list[str]
    reported_level_labels: list[str]
    sources: list[str]


def session_detail_payload(request: HttpRequest, session: Session) -> dict:
    """A session with its participants and decided agenda."""
    participants = Participant.objects.restrict(request.user).filter(session=session).select_related("state")
    items = list(AgendaItem.objects.restrict(request.user).filter(session=session))
    references = References(request.user)
    references.from_each(items, "decision")
    return {
        **queries.session_row(session),
        "participants": [{"state": item.state.code, "capacity": item.capacity} for item in participants],
        "agenda": [queries.agenda_item_payload(item, references) for item in items],
    }


@router.get("/sessions", response=list[SessionSchema], summary="Sessions the caller may see")
@paginate(Pages, page_size=50)
def list_sessions(
    request: HttpRequest,
    body: model_text(Body, "key") = "",
    start: Day | None = None,
    end: Day | None = None,
    **kwargs,
):
    require_scope(request, Permission.SESSION_VIEW)
    try:
        sessions = queries.visible_sessions(request.user, body, start, end)
    except ValueError as error:
        raise invalid(("query", "body"), str(error)) from None
    return [queries.session_row(session) for session in sessions]


@router.get("/sessions/{pk}", response=SessionDetailSchema, summary="A session with its agenda and decisions")
def get_session(request: HttpRequest, pk: int):
    require_scope(request, Permission.SESSION_VIEW)
    session = (
        Session.objects.restrict(request.user).filter(pk=pk).select_related("body", "chair_state").first()
    )
    if session is None:
        raise Http404("No such session.")
    log_read(request.user, session, "api")
    return session_detail_payload(request, session)


@router.post(
    "/sessions",
    response={201: SessionDetailSchema, **error_responses(403, 422)},
    summary="Record a session and its participants",
)
def post_session(request: HttpRequest, payload: SessionIn):
    require_scope(request, Permission.SESSION_ADD)
    values = payload.dict(exclude={"participants", "body", "chair_state"})
    body = Body.objects.restrict(request.user).filter(key=payload.body).first()
    codes = {code.upper() for code in payload.participants}
    states = list(State.objects.restrict(request.user).filter(code__in=codes))
    missing = sorted(codes - {state.code for state in states})
    if body is None or missing:
        return Status(
            422,
            {"detail": f"unknown body {payload.body!r}" if body is None else f"unknown state {missing[0]!r}"},
        )
    values["body"] = body
    values["chair_state"] = (
        State.objects.restrict(request.user).filter(code=payload.chair_state.upper()).first()
        if payload.chair_state
        else None
    )
    if payload.chair_state and values["chair_state"] is None:
        return Status(422, {"detail": f"chair_state: unknown state {payload.chair_state!r}"})
    session = create_session(values, states, actor=Actor.for_user(request.user))
    return Status(201, session_detail_payload(request, session))


@router.post(
    "/sessions/{pk}/agenda",
    response={201: AgendaItemSchema, **error_responses(403, 404, 422)},
    summary="Add an agenda item; with positions, the body's decision rule decides it",
)
def post_agenda_item(request: HttpRequest, pk: int, payload: AgendaItemIn):
    require_scope(request, Permission.SESSION_CHANGE)
    session = Session.objects.restrict(request.user).filter(pk=pk).first()
    if session is None:
        return Status(404, {"detail": "No such session."})
    if not (payload.title_en or payload.title_ru):
        return Status(422, {"detail": "title_en or title_ru: give the item a title"})
    actor = Actor.for_user(request.user)
    with transaction.atomic():
        item = add_agenda_item(
            session, payload.title_en or payload.title_ru, title_ru=payload.title_ru, actor=actor
        )
        if payload.positions:
            positions = {
                code: (position, payload.remarks.get(code, ""))
                for code, position in payload.positions.items()
            }
            decide_agenda_item(item, positions, actor=actor)
    item.refresh_from_db()
    return Status(201, queries.agenda_item_payload(item, References(request.user)))


@router.get(
    "/agenda-items/{pk}", response=AgendaItemSchema, summary="A decision: outcome, positions, reasons"
)
def get_agenda_item(request: HttpRequest, pk: int):
    require_scope(request, Permission.SESSION_VIEW)
    item = AgendaItem.objects.restrict(request.user).filter(pk=pk).select_related("session__body").first()
    if item is None:
        raise Http404("No such agenda item.")
    return queries.agenda_item_payload(item, References(request.user))


@router.get("/measures", response=list[MeasureSchema], summary="Measures and their status on a date")
def list_measures(request: HttpRequest, overdue: bool = False, on: Day | None = None):
    require_scope(request, Permission.MEASURE_VIEW)
    return queries.measure_rows(request.user, on or timezone.localdate(), overdue_only=overdue)


@router.get(
    "/statements/counts", response=list[StatementCountSchema], summary="Statements per year and level"
)
def statement_counts(request: HttpRequest):
    require_scope(request, Permission.STATEMENT_VIEW)
    return queries.statement_counts(request.user)


class MinutesIn(Schema):
    text: model_text(Minutes, "text")


class MinutesSchema(Schema):
    id: int
    session: int
    status: str
    text: str
    approved_on: datetime.date | None
    previous: ReferenceField
    amendments: list[dict]
    versions: list[dict]


class AmendmentIn(Schema):
    state: StateCode
    text: model_text(Amendment, "text")
    replaces: model_text(Amendment, "replaces") = ""
    on: Day


class ApproveIn(Schema):
    on: Day


class ProgressIn(Schema):
    date: Day
    text: model_text(ProgressReport, "text")
    state: StateCode | None = None
    done: bool = False


def minutes_payload(minutes: Minutes, user: Any) -> dict:
    """Minutes with their text, every version and what changed, and the amendments; the previous
    minutes only as far as the caller may see them."""
    return {
        "id": minutes.pk,
        "session": minutes.session_id,
        "status": minutes.status,
        "text": minutes.text,
        "approved_on": minutes.approved_on,
        "previous": api_value(References(user).from_record(minutes, "previous")),
        "amendments": amendment_rows(minutes),
        "versions": minutes_versions(minutes),
    }


def writing(request: HttpRequest, scope: Permission, action):
    """Run a write for the API once the token's scope allows it (a refusal is answered by the API's
    handlers: 403 for a permission, 422 for a service error)."""
    require_scope(request, scope)
    return action()


def visible_or_404(queryset, pk: int):
    """A record the caller may see, or 404."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


@router.post(
    "/sessions/{pk}/minutes",
    response={201: MinutesSchema, **error_responses(403, 422)},
    summary="Draft the minutes of a session",
)
def post_minutes(request: HttpRequest, pk: int, payload: MinutesIn):
    session = visible_or_404(Session.objects.restrict(request.user), pk)
    return writing(
        request,
        Permission.SESSION_CHANGE,
        lambda: Status(
            201,
            minutes_payload(
                draft_minutes(session, payload.text, actor=Actor.for_user(request.user)), request.user
            ),
        ),
    )


@router.post(
    "/minutes/{pk}/amendments",
    response={201: MinutesSchema, **error_responses(403, 422)},
    summary="Propose an amendment (liaison officers: for their own state)",
)
def post_amendment(request: HttpRequest, pk: int, payload: AmendmentIn):
    minutes = visible_or_404(Minutes.objects.restrict(request.user), pk)
    state = State.objects.restrict(request.user).filter(code=payload.state.upper()).first()
    if state is None:
        return Status(422, {"detail": f"state: unknown state {payload.state!r}"})

    def propose():
        propose_amendment(
            minutes,
            state,
            payload.text,
            payload.on,
            replaces=payload.replaces,
            actor=Actor.for_user(request.user),
        )
        return Status(201, minutes_payload(minutes, request.user))

    return writing(request, Permission.AMENDMENT_ADD, propose)


@router.post(
    "/amendments/{pk}/accept",
    response={200: MinutesSchema, **error_responses(403, 422)},
    summary="Work an amendment into the minutes",
)
def post_accept_amendment(request: HttpRequest, pk: int):
    amendment = visible_or_404(Amendment.objects.restrict(request.user), pk)

    def accept():
        accept_amendment(amendment, actor=Actor.for_user(request.user), on=timezone.localdate())
        return Status(200, minutes_payload(Minutes.objects.get(pk=amendment.minutes_id), request.user))

    return writing(request, Permission.SESSION_CHANGE, accept)


@router.post(
    "/minutes/{pk}/approve",
    response={200: MinutesSchema, **error_responses(403, 422)},
    summary="Approve the minutes",
)
def post_approve_minutes(request: HttpRequest, pk: int, payload: ApproveIn):
    minutes = visible_or_404(Minutes.objects.restrict(request.user), pk)

    def approve():
        approve_minutes(minutes, payload.on, actor=Actor.for_user(request.user))
        return Status(200, minutes_payload(Minutes.objects.get(pk=pk), request.user))

    return writing(request, Permission.SESSION_CHANGE, approve)


@router.post(
    "/measures/{pk}/progress",
    response={201: MeasureSchema, **error_responses(403, 422)},
    summary="Report progress on a measure (liaison officers: for their own state)",
)
def post_progress(request: HttpRequest, pk: int, payload: ProgressIn):
    measure = visible_or_404(Measure.objects.restrict(request.user), pk)
    state = (
        State.objects.restrict(request.user).filter(code=payload.state.upper()).first()
        if payload.state
        else None
    )
    if payload.state and state is None:
        return Status(422, {"detail": f"state: unknown state {payload.state!r}"})

    def report():
        report_progress(
            measure,
            payload.date,
            payload.text,
            state=state,
            done=payload.done,
            actor=Actor.for_user(request.user),
        )
        rows = queries.measure_rows_for(request.user, measure.program, timezone.localdate())
        return Status(201, next(row for row in rows if row["id"] == measure.pk))

    return writing(request, Permission.PROGRESS_REPORT_ADD, report)
