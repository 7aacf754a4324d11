"""Crises in the API: the list, one crisis, creating and changing one, links, and its timeline as of a
date (``/api/v1/response/crises/{key}/timeline?on=``). Refusals answer 422 with the field."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor, log_read
from accord.core.label_choices import labels_within_reach
from accord.core.scopes import require_scope
from accord.core.validation import Day, SearchQuery, StateCode, bounded_text, model_text
from accord.response import crisis_services
from accord.response.models import Crisis
from accord.response.timeline import timeline
from accord.response.views_crises import filtered

router = Router(tags=["response"])
Key = bounded_text(100)
LinkKindName = Literal[
    "event", "episode", "report", "document", "request", "deployment", "delivery", "consultation"
]


class CrisisQuery(Schema):
    q: SearchQuery = ""
    state: StateCode | Literal[""] = ""
    going_on: Literal["", "yes", "no"] = ""
    sort: Literal["", "-started_on", "started_on", "title"] = ""


class CrisisSchema(Schema):
    key: str
    title: str
    title_en: str
    title_ru: str
    started_on: datetime.date
    ended_on: datetime.date | None
    states: list[str]
    summary_en: str
    summary_ru: str
    source_text: str
    classification: int
    releasability: str
    release_to: str

    @staticmethod
    def resolve_states(crisis: Crisis) -> list[str]:
        return sorted(state.code for state in crisis.states.all())


class CrisisIn(Schema):
    key: model_text(Crisis, "key")
    title_en: model_text(Crisis, "title_en")
    title_ru: model_text(Crisis, "title_ru") = ""
    started_on: Day
    ended_on: Day | None = None
    states: list[StateCode] = []
    summary_en: model_text(Crisis, "summary_en") = ""
    summary_ru: model_text(Crisis, "summary_ru") = ""
    source_text: model_text(Crisis, "source_text") = ""
    classification: int | None = None
    releasability: Literal["everyone", "members-and-partners", "members-only", "named-states"] | None = None
    release_to: list[StateCode] = []


class CrisisChange(Schema):
    title_en: model_text(Crisis, "title_en") | None = None
    title_ru: model_text(Crisis, "title_ru") | None = None
    started_on: Day | None = None
    ended_on: Day | None = None
    states: list[StateCode] | None = None
    summary_en: model_text(Crisis, "summary_en") | None = None
    summary_ru: model_text(Crisis, "summary_ru") | None = None
    source_text: model_text(Crisis, "source_text") | None = None


class LinkIn(Schema):
    kind: LinkKindName
    name: bounded_text(100)
    unlink: bool = False


class LinkOut(Schema):
    crisis: str
    kind: str
    name: str
    linked: bool


class EntrySchema(Schema):
    date: datetime.date
    kind: str
    kind_label: str
    summary: str
    source: str
    classification: str
    url: str


class TimelineSchema(Schema):
    crisis: str
    title: str
    on: datetime.date | None
    entries: list[EntrySchema]


class TimelineQuery(Schema):
    on: Day | None = None


def visible(request: HttpRequest, key: str) -> Crisis:
    crisis = Crisis.objects.restrict(request.user).filter(key=key).first()
    if crisis is None:
        raise Http404("No such crisis.")
    return crisis


@router.get("/crises", response=list[CrisisSchema], summary="Crises, newest first")
@paginate(Pages, page_size=50)
def list_crises(request: HttpRequest, filters: Query[CrisisQuery], **kwargs: Any):
    require_scope(request, Permission.CRISIS_VIEW)
    return filtered(Crisis.objects.restrict(request.user), filters.dict()).prefetch_related("states")


@router.get("/crises/{key}", response={200: CrisisSchema, **error_responses(404)}, summary="One crisis")
def get_crisis(request: HttpRequest, key: Key):
    require_scope(request, Permission.CRISIS_VIEW)
    crisis = visible(request, key)
    log_read(request.user, crisis, "api")
    return crisis


@router.get(
    "/crises/{key}/timeline",
    response={200: TimelineSchema, **error_responses(404)},
    summary="A crisis's timeline, as of a date",
)
def get_crisis_timeline(request: HttpRequest, key: Key, query: Query[TimelineQuery]):
    require_scope(request, Permission.CRISIS_VIEW)
    crisis = visible(request, key)
    log_read(request.user, crisis, "api")
    entries = timeline(crisis, request.user, as_of=query.on)
    return {
        "crisis": crisis.key,
        "title": crisis.title,
        "on": query.on,
        "entries": [e.as_api() for e in entries],
    }


@router.post("/crises", response={201: CrisisSchema, **error_responses(403, 422)}, summary="Create a crisis")
def post_crisis(request: HttpRequest, payload: CrisisIn):
    require_scope(request, Permission.CRISIS_ADD)
    values = payload.dict()
    values.update(
        labels_within_reach(
            request.user, values.pop("classification"), values.pop("releasability"), values["release_to"]
        )
    )
    crisis = crisis_services.create_crisis(values, actor=Actor.for_user(request.user), reason="API")
    return Status(201, crisis)


@router.patch(
    "/crises/{key}", response={200: CrisisSchema, **error_responses(403, 404, 422)}, summary="Change a crisis"
)
def patch_crisis(request: HttpRequest, key: Key, payload: CrisisChange):
    require_scope(request, Permission.CRISIS_CHANGE)
    crisis = visible(request, key)
    values = {name: value for name, value in payload.dict().items() if value is not None}
    crisis_services.update_crisis(crisis, values, actor=Actor.for_user(request.user), reason="API")
    return crisis


@router.post(
    "/crises/{key}/links",
    response={200: LinkOut, **error_responses(403, 404, 422)},
    summary="Link a record to a crisis, or take it off",
)
def post_crisis_link(request: HttpRequest, key: Key, payload: LinkIn):
    require_scope(request, Permission.CRISIS_CHANGE)
    crisis = visible(request, key)
    write = crisis_services.unlink if payload.unlink else crisis_services.link
    write(crisis, payload.kind, payload.name, actor=Actor.for_user(request.user), reason="API")
    return {"crisis": crisis.key, "kind": payload.kind, "name": payload.name, "linked": not payload.unlink}
