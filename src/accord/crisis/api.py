"""The Crisis Response Center's API: everything the dashboard shows, situation reports, alert episodes."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import AreaOfInterest
from accord.core.access import Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.label_choices import labels_within_reach
from accord.core.scopes import require_scope
from accord.core.validation import Count, Day, Latitude, Longitude, StateCode, model_text
from accord.crisis import episode_queries, episodes, queries
from accord.crisis.models import Alert, AlertComment, Category, Episode, EpisodeComment, Event, Series
from accord.crisis.services import (
    acknowledge_alert,
    close_alert,
    comment_on_alert,
    report_event,
)

router = Router(tags=["crisis"])


class PictureQuery(Schema):
    region: model_text(Event, "region") = ""
    country: StateCode | Literal[""] = ""
    start: Day | None = None
    end: Day | None = None
    category: list[Category] = Field(default=[], max_length=len(Category.values))
    area: model_text(AreaOfInterest, "key") = ""
    # "default": the dashboard's default scope, the Organization's area and its areas of interest.
    scope: Literal["", "default"] = ""
    # Accepted (and meaning no scope) so that the dashboard's query string is the API's too.
    everywhere: Literal["", "on"] = ""

    def picture(self, user: Any = None) -> queries.PictureFilter:
        chosen = self.region or self.country or self.area
        scope = queries.default_scope(user) if self.scope and not chosen else ()
        return queries.PictureFilter(
            self.region, self.country.upper(), self.start, self.end, tuple(self.category), self.area, scope
        )


class EventSchema(Schema):
    id: int
    date: datetime.date
    date_precision: str
    country: str
    region: str
    category: str
    place: str
    place_precision: str
    latitude: float | None
    longitude: float | None
    fatalities_best: int | None
    description: str
    source: str
    reference: str


class ReportIn(Schema):
    date: Day
    country: StateCode
    category: Category
    place: model_text(Event, "place") = ""
    admin1: model_text(Event, "admin1") = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    fatalities: Count | None = None
    description: model_text(Event, "description") = ""
    # Where the report comes from: required unless it is the reporter's own state's report.
    reference: model_text(Event, "reference") = ""
    # Left out: RESTRICTED and members only, brought within what the reporter may read.
    classification: Classification | None = None
    releasability: Literal["everyone", "members-and-partners", "members-only"] | None = None


@router.get("/events", response=list[EventSchema], summary="Events the caller may see")
@paginate(Pages, page_size=100)
def list_events(request: HttpRequest, filters: Query[PictureQuery], **kwargs: Any):
    require_scope(request, Permission.EVENT_VIEW)
    return filters.picture(request.user).events(request.user).order_by("-date", "-id")


@router.get(
    "/map", summary="Map layers: point events, and areas for events known only to a region or country"
)
def get_map(request: HttpRequest, filters: Query[PictureQuery]):
    require_scope(request, Permission.EVENT_VIEW)
    return queries.map_layers(request.user, filters.picture(request.user))


@router.get("/counts", summary="Events and fatalities per day and category (day-precise events)")
def get_counts(request: HttpRequest, filters: Query[PictureQuery]):
    require_scope(request, Permission.EVENT_VIEW)
    return {
        "counts": queries.daily_counts(request.user, filters.picture(request.user)),
        "figures": queries.key_figures(request.user, filters.picture(request.user)),
    }


@router.get("/series/{key}/{country}", summary="A daily series with its revisions and alerts")
def get_series(
    request: HttpRequest,
    key: model_text(Series, "key"),
    country: StateCode,
    start: Day | None = None,
    end: Day | None = None,
):
    require_scope(request, Permission.SERIES_VIEW)
    found = queries.series_with_alerts(request.user, key, country.upper(), start, end)
    if found is None:
        raise Http404("No such series.")
    return found


class SeriesGroupQuery(Schema):
    country: list[StateCode] = Field(min_length=1, max_length=50)
    start: Day | None = None
    end: Day | None = None


@router.get("/series-group/{key}", summary="A daily series for several states, each day named by its state")
def get_series_group(request: HttpRequest, key: model_text(Series, "key"), filters: Query[SeriesGroupQuery]):
    require_scope(request, Permission.SERIES_VIEW)
    countries = [code.upper() for code in filters.country]
    return queries.series_group(request.user, key, countries, filters.start, filters.end)


class AlertRow(Schema):
    """An alert day and why it fired: observed, expected and threshold in the series' own units, the
    method's statistic and the bar it holds it to apart."""

    id: int
    series: str = Field(alias="series.key")
    country: str = Field(alias="series.country")
    date: datetime.date
    level: str
    method: str
    observed: float
    expected: float
    threshold: float
    statistic: float
    statistic_threshold: float
    status: str
    episode: int | None = Field(None, alias="episode_id")


@router.get("/alerts", response=list[AlertRow], summary="Open alert days with why they fired, newest first")
@paginate(Pages, page_size=100)
def get_alerts(request: HttpRequest, filters: Query[PictureQuery], **kwargs: Any):
    require_scope(request, Permission.ALERT_VIEW)
    return queries.open_alerts(request.user, filters.picture(request.user)).order_by("-date", "-id")


@router.get("/reports", summary="The latest situation reports")
def get_reports(request: HttpRequest, filters: Query[PictureQuery]):
    require_scope(request, Permission.EVENT_VIEW)
    return queries.latest_reports(request.user, filters.picture(request.user))


@router.post(
    "/reports",
    response={201: EventSchema, **error_responses(403, 422)},
    summary="A member state's situation report of an event in its own state (scope crisis:event:add)",
)
def post_report(request: HttpRequest, payload: ReportIn):
    require_scope(request, Permission.EVENT_ADD)
    values = payload.dict() | labels_within_reach(request.user, payload.classification, payload.releasability)
    values["country"] = payload.country.upper()
    event = report_event(values, actor=Actor.for_user(request.user))
    return Status(201, event)


class AlertActionIn(Schema):
    action: model_text(Alert, "status")
    text: model_text(AlertComment, "text") = ""


@router.post(
    "/alerts/{pk}",
    response={200: dict, **error_responses(403, 404, 422)},
    summary="Acknowledge, comment on or close an alert (CRC duty officers; scope crisis:alert:change)",
)
def post_alert_action(request: HttpRequest, pk: int, payload: AlertActionIn):
    require_scope(request, Permission.ALERT_CHANGE)
    alert = Alert.objects.restrict(request.user, "view").filter(pk=pk).first()
    if alert is None:
        return Status(404, {"detail": "No such alert."})
    actions = {
        "acknowledge": lambda actor: acknowledge_alert(alert, actor=actor),
        "comment": lambda actor: comment_on_alert(alert, payload.text, actor=actor),
        "close": lambda actor: close_alert(alert, payload.text, actor=actor),
    }
    if payload.action not in actions:
        return Status(422, {"detail": f"action: expected one of {', '.join(actions)}"})
    actions[payload.action](Actor.for_user(request.user))
    alert.refresh_from_db()
    return Status(
        200,
        {
            **queries.alert_row(alert),
            "comments": [
                {"author": comment.author, "at": comment.at.isoformat(), "text": comment.text}
                for comment in alert.comments.all()
            ],
        },
    )


class EpisodeQuery(Schema):
    status: Literal["", "unclosed", "open", "acknowledged", "closed"] = ""
    level: Literal["", "amber", "red"] = ""
    series: model_text(Series, "key") = ""
    country: StateCode | Literal[""] = ""
    region: model_text(Event, "region") = ""
    start: Day | None = None
    end: Day | None = None
    sort: Literal[tuple(episode_queries.SORTS)] = "-last_alert_on"

    def filter(self) -> episode_queries.EpisodeFilter:
        if self.start and self.end and self.end < self.start:
            raise invalid(["query", "end"], "the end must not be before the start")
        return episode_queries.EpisodeFilter(
            self.status,
            self.level,
            self.series,
            self.country.upper(),
            self.region,
            self.start,
            self.end,
            self.sort,
        )


class EpisodeRow(Schema):
    id: int
    series: str
    series_name: str
    country: str
    state_name: str
    method: str
    method_name: str
    level: str
    level_name: str
    status: str
    status_name: str
    opened_on: datetime.date
    last_alert_on: datetime.date
    closed_on: datetime.date | None
    escalated_on: datetime.date | None
    alert_days: int | None
    acknowledged_by: str
    closed_by: str
    close_reason: str


class AlertDay(Schema):
    id: int
    date: datetime.date
    level: str
    level_name: str
    observed: float
    expected: float
    threshold: float = Field(description="the daily count above which the day would have alerted")
    statistic: float = Field(description="the method's own statistic")
    statistic_threshold: float = Field(description="the bar the method holds its statistic to")
    statistic_name: str


class EpisodeNote(Schema):
    kind: str
    kind_name: str
    author: str
    at: datetime.datetime
    text: str


class EpisodeDetail(EpisodeRow):
    days: list[AlertDay]
    comments: list[EpisodeNote]


class EpisodeTextIn(Schema):
    text: model_text(EpisodeComment, "text") = ""


class EpisodeCloseIn(Schema):
    reason: model_text(Episode, "close_reason")


@router.get("/episodes", response=list[EpisodeRow], summary="Alert episodes the caller may see, filtered")
@paginate(Pages, page_size=100)
def list_episodes(request: HttpRequest, filters: Query[EpisodeQuery], **kwargs: Any):
    require_scope(request, Permission.ALERT_VIEW)
    return episode_queries.EpisodeRows(request.user, filters.filter().episodes(request.user))


def visible_episode(request: HttpRequest, pk: int) -> Episode:
    episode = Episode.objects.restrict(request.user, "view").select_related("series").filter(pk=pk).first()
    if episode is None:
        raise Http404("No such alert episode.")
    return episode


def episode_detail(request: HttpRequest, episode: Episode) -> dict[str, Any]:
    names = episode_queries.state_names(request.user, [episode.series.country])
    episode.alert_days = episode.alerts.count()
    return {
        **episode_queries.episode_row(episode, names),
        "days": episode_queries.alert_days(request.user, episode),
        "comments": episode_queries.comments(episode),
    }


@router.get(
    "/episodes/{pk}",
    response={200: EpisodeDetail, **error_responses(404)},
    summary="An alert episode: its alert days, comments and handling",
)
def get_episode(request: HttpRequest, pk: int):
    require_scope(request, Permission.ALERT_VIEW)
    return episode_detail(request, visible_episode(request, pk))


def handled(request: HttpRequest, pk: int, act: Any) -> dict[str, Any]:
    """Do ``act(episode, actor)`` on a visible episode; a refusal is a 422 naming the field."""
    require_scope(request, Permission.ALERT_CHANGE)
    episode = visible_episode(request, pk)
    try:
        act(episode, Actor.for_user(request.user))
    except episodes.EpisodeError as error:
        if error.field:
            raise invalid(["body", "payload", error.field], error.reason) from None
        raise
    episode.refresh_from_db()
    return episode_detail(request, episode)


@router.post(
    "/episodes/{pk}/acknowledge",
    response={200: EpisodeDetail, **error_responses(403, 404, 422)},
    summary="Acknowledge an open alert episode, the text kept as a comment (scope crisis:alert:change)",
)
def acknowledge_episode(request: HttpRequest, pk: int, payload: EpisodeTextIn):
    return handled(
        request,
        pk,
        lambda episode, actor: episodes.acknowledge(episode, actor=actor, comment_text=payload.text),
    )


@router.post(
    "/episodes/{pk}/comment",
    response={200: EpisodeDetail, **error_responses(403, 404, 422)},
    summary="Comment on an alert episode (scope crisis:alert:change)",
)
def comment_episode(request: HttpRequest, pk: int, payload: EpisodeTextIn):
    return handled(request, pk, lambda episode, actor: episodes.comment(episode, payload.text, actor=actor))


@router.post(
    "/episodes/{pk}/close",
    response={200: EpisodeDetail, **error_responses(403, 404, 422)},
    summary="Close an alert episode, saying why (scope crisis:alert:change)",
)
def close_episode(request: HttpRequest, pk: int, payload: EpisodeCloseIn):
    return handled(request, pk, lambda episode, actor: episodes.close(episode, payload.reason, actor=actor))
