"""Media stories in the API (``/api/v1/monitoring/stories``): the triage queue with its filters, one
story with its tags and the rules and words that made them, its figures and items as links; the triage
verdict, the crisis, the event on the map and the citation in a draft situation report; and the search
over items and stories. A refusal is a 422 naming the field; a caller who may not change the story
gets 403 with the reason; a story the caller may not see is a 404."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.references import ReferenceField, References, api_value
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, bounded_text
from accord.monitoring import search, story_queries, story_services
from accord.monitoring.models import Story, StoryCitation

router = Router(tags=["monitoring"])

Triage = Literal["new", "relevant", "not-relevant", "verified"]
Verdict = Literal["relevant", "not-relevant", "verified"]


class StorySummary(Schema):
    id: int
    title: str
    title_en: str
    title_ru: str
    triage: str
    first_seen: datetime.datetime
    last_seen: datetime.datetime
    faded_on: datetime.date | None
    items: int
    sources: int
    languages: list[str]
    tags: dict[str, list[str]]
    classification: str
    releasability: str
    url: str


class StoryDetail(StorySummary):
    triage_note: str
    triaged_by: str
    triaged_at: datetime.datetime | None
    reasons: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    item_links: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    crisis: ReferenceField
    event: ReferenceField
    citations: list[dict[str, Any]]


class ReviewIn(Schema):
    verdict: Verdict
    note: bounded_text(story_services.NOTE_LIMIT) = ""


class ReviewOut(Schema):
    story: int
    verdict: str
    note: str
    by: str
    at: datetime.datetime


class CrisisIn(Schema):
    crisis: int | None


class EventIn(Schema):
    country: StateCode | None = None
    place: bounded_text(120) | None = None


class EventOut(Schema):
    story: int
    event: ReferenceField


class CitationIn(Schema):
    report: int
    note: bounded_text(story_services.CITATION_NOTE_LIMIT) = ""


class CitationOut(Schema):
    story: int
    report: ReferenceField
    note: str
    by: str
    at: datetime.datetime


class SearchHit(Schema):
    kind: str
    id: int
    title: str
    matched: int
    url: str


def summary_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.pk,
        "title": story.title,
        "title_en": story.title_en,
        "title_ru": story.title_ru,
        "triage": story.triage,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "faded_on": story.faded_on,
        "items": story.items_count,
        "sources": story.sources_count,
        "languages": [code for code in story.languages.replace(" ", ",").split(",") if code],
        "tags": story_queries.tags_by_kind(story),
        "classification": story.get_classification_display(),
        "releasability": story.releasability,
        "url": f"/monitoring/stories/{story.pk}/",
    }


def detail_json(user: Any, story: Story) -> dict[str, Any]:
    references = References(user)
    citations = list(StoryCitation.objects.restrict(user).filter(story=story).order_by("at", "id"))
    reports = references.from_each(citations, "report")
    return summary_json(story) | {
        "triage_note": story.triage_note,
        "triaged_by": story.triaged_by,
        "triaged_at": story.triaged_at,
        "reasons": [summary.as_json() for summary in story_queries.tag_summaries(user, story)],
        "figures": [
            {
                "value": figure.value,
                "unit": figure.unit,
                "qualifier": figure.qualifier,
                "about": figure.about,
                "words": figure.words,
            }
            for figure in story_queries.figures_of(user, story)
        ],
        "item_links": [
            {"id": item.pk, "title": item.title, "url": f"/monitoring/items/{item.pk}/"}
            for item in story_queries.visible_items(user, story).order_by("published", "id")
        ],
        "reviews": [
            {"verdict": review.verdict, "note": review.note, "by": review.by, "at": review.at.isoformat()}
            for review in story.reviews.all()
        ],
        "crisis": api_value(references.from_record(story, "crisis")),
        "event": api_value(references.from_record(story, "event")),
        "citations": [
            {
                "report": api_value(report),
                "note": citation.note,
                "by": citation.by,
                "at": citation.at.isoformat(),
            }
            for citation, report in zip(citations, reports, strict=True)
        ],
    }


def visible_story(request: HttpRequest, pk: int) -> Story:
    found = Story.objects.restrict(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


@router.get("/stories", response=list[StorySummary], summary="Media stories the caller may see, as the queue")
@paginate(Pages, page_size=50)
def list_media_stories(
    request: HttpRequest,
    triage: Triage | None = None,
    category: bounded_text(120) = "",
    state: StateCode | None = None,
    language: Literal["en", "ru"] | None = None,
    start: Day | None = None,
    end: Day | None = None,
    faded: Literal["yes", "no"] | None = None,
    q: bounded_text(200) = "",
    sort: Literal["triage", "last-seen", "items", "sources"] = "triage",
    **kwargs: Any,
):
    require_scope(request, Permission.STORY_VIEW)
    filters = {
        "triage": triage,
        "category": category,
        "state": state,
        "language": language,
        "start": start,
        "end": end,
        "faded": faded,
        "q": q,
        "sort": sort,
    }
    return story_queries.Mapped(story_queries.queue(request.user, filters), summary_json)


@router.get(
    "/stories/{pk}",
    response={200: StoryDetail, **error_responses(404)},
    summary="One media story: tags with the rules and words that made them, figures, items as links",
)
def get_media_story(request: HttpRequest, pk: int):
    require_scope(request, Permission.STORY_VIEW)
    return detail_json(request.user, visible_story(request, pk))


@router.post(
    "/stories/{pk}/review",
    response={201: ReviewOut, **error_responses(403, 404, 422)},
    summary="Triage a story: relevant, not relevant (why) or verified (on what)",
)
def post_media_story_review(request: HttpRequest, pk: int, payload: ReviewIn):
    require_scope(request, Permission.STORY_CHANGE)
    review = story_services.review_story(
        visible_story(request, pk), payload.verdict, payload.note, actor=Actor.for_user(request.user)
    )
    return Status(
        201, {"story": pk, "verdict": review.verdict, "note": review.note, "by": review.by, "at": review.at}
    )


@router.post(
    "/stories/{pk}/crisis",
    response={200: StoryDetail, **error_responses(403, 404, 422)},
    summary="Attach a verified story to a crisis the caller may see (null: detach it)",
)
def post_media_story_crisis(request: HttpRequest, pk: int, payload: CrisisIn):
    require_scope(request, Permission.STORY_CHANGE)
    story = story_services.attach_to_crisis(
        visible_story(request, pk), payload.crisis, actor=Actor.for_user(request.user)
    )
    return detail_json(request.user, story)


@router.post(
    "/stories/{pk}/event",
    response={201: EventOut, **error_responses(403, 404, 422)},
    summary="Put a verified story on the map as a crisis event (its state and place when ambiguous)",
)
def post_media_story_event(request: HttpRequest, pk: int, payload: EventIn):
    require_scope(request, Permission.STORY_CHANGE)
    require_scope(request, Permission.EVENT_ADD)
    event = story_services.make_event(
        visible_story(request, pk),
        actor=Actor.for_user(request.user),
        country=payload.country,
        place=payload.place,
    )
    return Status(201, {"story": pk, "event": api_value(References(request.user).to_record(event))})


@router.post(
    "/stories/{pk}/citations",
    response={201: CitationOut, **error_responses(403, 404, 422)},
    summary="Cite a verified story in a draft situation report whose labels cover it",
)
def post_media_story_citation(request: HttpRequest, pk: int, payload: CitationIn):
    require_scope(request, Permission.STORY_CHANGE)
    require_scope(request, Permission.SITREP_CHANGE)
    citation = story_services.cite_in_report(
        visible_story(request, pk), payload.report, payload.note, actor=Actor.for_user(request.user)
    )
    report = References(request.user).from_record(citation, "report")
    return Status(
        201,
        {
            "story": pk,
            "report": api_value(report),
            "note": citation.note,
            "by": citation.by,
            "at": citation.at,
        },
    )


@router.get("/search", response=list[SearchHit], summary="Media items or stories matching words (stems)")
@paginate(Pages, page_size=50)
def search_media(
    request: HttpRequest,
    q: bounded_text(200),
    kind: Literal["items", "stories"] = "items",
    category: bounded_text(120) = "",
    state: StateCode | None = None,
    start: Day | None = None,
    end: Day | None = None,
    **kwargs: Any,
):
    require_scope(request, Permission.STORY_VIEW)
    stems = search.query_stems(q)
    filters = {"category": category, "state": state, "start": start, "end": end}
    if kind == "stories":
        return story_queries.Mapped(search.search_stories(request.user, stems, filters), story_hit)
    return story_queries.Mapped(search.search_items(request.user, stems, filters), item_hit)


def story_hit(story: Story) -> dict[str, Any]:
    return {
        "kind": "story",
        "id": story.pk,
        "title": story.title,
        "matched": story.matched,
        "url": f"/monitoring/stories/{story.pk}/",
    }


def item_hit(item: Any) -> dict[str, Any]:
    return {
        "kind": "item",
        "id": item.pk,
        "title": item.title,
        "matched": item.matched,
        "url": f"/monitoring/items/{item.pk}/",
    }
