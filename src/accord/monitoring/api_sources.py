"""Media sources in the API (``/api/v1/monitoring/sources``): the list, one source with its last
fetch, creating one, and asking for a fetch now (answered 202 with the run to follow)."""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.access import Action, Permission, may
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.scopes import require_scope
from accord.core.validation import StateCode, bounded_text, model_text
from accord.monitoring import sources_services
from accord.monitoring.jobs_fetch import FETCHED_KINDS, queue_fetch
from accord.monitoring.models import Source
from accord.monitoring.presenters_intake import source_json

router = Router(tags=["monitoring"])


class SourceOut(Schema):
    key: str
    name: str
    kind: str
    address: str
    language: str
    reliability: str
    every_minutes: int
    active: bool
    note: str
    last_fetched_at: str | None
    last_run: dict[str, Any] | None
    classification: str
    releasability: str
    release_to: list[str]


class SourceIn(Schema):
    key: model_text(Source, "key")
    name: model_text(Source, "name")
    kind: Literal[tuple(Source.Kind.values)]  # type: ignore[valid-type]
    address: model_text(Source, "address") = ""
    language: Literal["en", "ru", ""] = ""
    reliability: Literal["A", "B", "C", "D", "E", "F"] = "F"
    every_minutes: int = Field(0, ge=0, le=sources_services.MAX_EVERY_MINUTES)
    active: bool = True
    note: bounded_text(4000) = ""
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "RESTRICTED"
    releasability: Literal["everyone", "members-and-partners", "members-only", "named-states"] = (
        "members-only"
    )
    release_to: list[StateCode] = Field(default_factory=list, max_length=20)


class FetchQueued(Schema):
    run: int
    status: str


def visible_source(request: HttpRequest, key: str) -> Source:
    found = (
        Source.objects.restrict(request.user, Action.VIEW).select_related("last_run").filter(key=key).first()
    )
    if found is None:
        raise Http404(_("Not found."))
    return found


@router.get("/sources", response=list[SourceOut], summary="Media sources the caller may see")
@paginate(Pages, page_size=100)
def list_monitoring_sources(
    request: HttpRequest, kind: Literal[tuple(Source.Kind.values)] | None = None, **kwargs: Any
):  # type: ignore[valid-type]
    require_scope(request, Permission.MONITORING_SOURCE_VIEW)
    found = Source.objects.restrict(request.user, Action.VIEW).select_related("last_run")
    if kind:
        found = found.filter(kind=kind)
    return [source_json(request.user, source) for source in found.order_by("name", "id")]


@router.get(
    "/sources/{key}",
    response={200: SourceOut, **error_responses(404)},
    summary="One media source and its last fetch",
)
def get_monitoring_source(request: HttpRequest, key: bounded_text(80)):
    require_scope(request, Permission.MONITORING_SOURCE_VIEW)
    return source_json(request.user, visible_source(request, key))


@router.post(
    "/sources",
    response={201: SourceOut, **error_responses(403, 422)},
    summary="Create a media source (a feed, a feed file, a watched folder, uploads or a machine client)",
)
def post_monitoring_source(request: HttpRequest, payload: SourceIn):
    require_scope(request, Permission.MONITORING_SOURCE_CHANGE)
    values = payload.dict()
    values["classification"] = Classification[payload.classification]
    created = sources_services.create_source(values, actor=Actor.for_user(request.user), reason="API")
    return Status(201, source_json(request.user, created))


@router.post(
    "/sources/{key}/fetch",
    response={202: FetchQueued, **error_responses(403, 404, 422)},
    summary="Fetch a source now: queued for a worker; follow the run",
)
def post_monitoring_source_fetch(request: HttpRequest, key: bounded_text(80)):
    require_scope(request, Permission.MONITORING_SOURCE_CHANGE)
    source = visible_source(request, key)
    if not may(request.user, source, "change"):
        raise PermissionDenied(_("you may not fetch this source"))
    if source.kind not in FETCHED_KINDS:
        raise sources_services.SourceError(
            _("a source of this kind is not fetched: its items are sent to it"), field="kind"
        )
    run = queue_fetch(source, Actor.for_user(request.user))
    return Status(202, {"run": run.pk, "status": run.status})
