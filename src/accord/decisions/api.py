"""The documents API: lists, counts and exports show exactly what the caller may see."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from accord.charter.models import Body, State
from accord.core.audit import Actor, log_read
from accord.core.classification import Classification, Releasability
from accord.core.scopes import require_scope
from accord.decisions import queries
from accord.decisions.models import Document
from accord.decisions.services import DocumentError, create_document

router = Router(tags=["decisions"])


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


class DocumentDetailSchema(DocumentSchema):
    text: str


class DocumentIn(Schema):
    kind: Document.Kind
    title_en: str
    title_ru: str = ""
    body: str | None = None
    state: str | None = None
    date: datetime.date
    text: str = ""
    classification: Classification = Classification.RESTRICTED
    releasability: Releasability = Releasability.MEMBERS_ONLY
    release_to: list[str] = []


class CountSchema(Schema):
    count: int


class ErrorSchema(Schema):
    detail: str


@router.get("/documents", response=list[DocumentSchema], summary="Documents the caller may see")
@paginate(PageNumberPagination, page_size=25)
def list_documents(request: HttpRequest, q: str = "", kind: str = "", sort: str = "-date", **kwargs):
    require_scope(request, "decisions:document:view")
    return [
        queries.document_row(document) for document in queries.visible_documents(request.user, q, kind, sort)
    ]


@router.get("/documents/count", response=CountSchema, summary="How many documents the caller may see")
def count_documents(request: HttpRequest, q: str = "", kind: str = ""):
    require_scope(request, "decisions:document:view")
    return {"count": queries.visible_documents(request.user, q, kind).count()}


@router.get("/documents/{pk}", response=DocumentDetailSchema, summary="One document (404 if not visible)")
def get_document(request: HttpRequest, pk: int):
    require_scope(request, "decisions:document:view")
    document = Document.objects.restrict(request.user).filter(pk=pk).select_related("body", "state").first()
    if document is None:
        raise Http404("No such document.")
    log_read(request.user, document, "api")
    return {**queries.document_row(document), "text": document.text}


@router.post(
    "/documents",
    response={201: DocumentDetailSchema, 403: ErrorSchema, 422: ErrorSchema},
    summary="Record a document (scope decisions:document:add)",
)
def post_document(request: HttpRequest, payload: DocumentIn):
    require_scope(request, "decisions:document:add")
    values = payload.dict()
    try:
        values["body"] = Body.objects.restrict(request.user).get(key=payload.body) if payload.body else None
        values["state"] = (
            State.objects.restrict(request.user).get(code=payload.state) if payload.state else None
        )
    except (Body.DoesNotExist, State.DoesNotExist):
        return Status(422, {"detail": "body or state: unknown key or code"})
    try:
        document = create_document(values, actor=Actor.for_user(request.user))
    except DocumentError as error:
        return Status(422, {"detail": str(error)})
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    return Status(201, {**queries.document_row(document), "text": document.text})
