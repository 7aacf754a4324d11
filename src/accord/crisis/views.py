"""The CRC dashboard and situation reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.access import Action, may, may_add
from accord.core.audit import Actor
from accord.core.validation import InvalidValue, parse_day
from accord.crisis import charts, episode_queries, names, queries
from accord.crisis.alert_panels import built_panels
from accord.crisis.event_table import TableQuery, sort_columns, table_events, table_page
from accord.crisis.exports import FORMATS, export_response
from accord.crisis.forms import DashboardForm, ReportForm
from accord.crisis.models import Alert, Category, Episode, Event
from accord.crisis.services import (
    AlertError,
    ReportError,
    acknowledge_alert,
    close_alert,
    comment_on_alert,
    report_event,
)
from accord.crisis.sitrep import SitrepError, render_html, render_pdf
from accord.crisis.uploads import ImportFileForm

DEFAULT_SERIES = ("covid.confirmed", "covid.deaths")


def dashboard(request: HttpRequest) -> HttpResponse:
    """Map, charts, the table of events, open alerts and the latest reports of a region, a state or an
    area of interest; by default the Organization's area and its areas of interest over the last 30 days
    (or the 30 days up to the latest data, when the data is older)."""
    shown = picture_from_request(request)
    picture, user = shown.picture, request.user
    table = TableQuery.from_params(request.GET)
    page = table_page(user, picture, table, request.GET.get("page"))
    query = shown.query()
    return render(
        request,
        "crisis/dashboard.html",
        {
            "form": shown.form,
            "picture": picture,
            "scope": shown,
            "query": query,
            "figures": queries.key_figures(user, picture),
            "episodes": open_episodes_block(user, picture),
            "reports": queries.latest_reports(user, picture, 10),
            "events_spec": charts.events_chart(f"{reverse('api-1.0.0:get_counts')}?{query}"),
            "series_charts": series_charts(user, picture),
            "map_url": f"{reverse('api-1.0.0:get_map')}?{query}",
            "categories": dict(Category.choices),
            "table": table,
            "page": page,
            "table_query": shown.query(table.search, table.sort),
            "filter_query": shown.query(table.search),
            "filter_pairs": parse_qsl(query),
            "sort_columns": sort_columns(),
            "export_query": shown.query(table.search, table.sort),
            "import_form": ImportFileForm() if may_add(user, Event) else None,
            "may_report": may_record_events(user),
        },
    )


def series_charts(user: Any, picture: queries.PictureFilter) -> list[dict[str, Any]]:
    """One chart per series with a line for every state the picture covers (a region: all of its
    states); a series that ends before the window is a note saying so, never an empty box."""
    countries = picture.countries(user)
    if not countries:
        return []
    states = names.state_names(user)
    found = []
    for key in DEFAULT_SERIES:
        last_days = queries.series_last_days(user, key, countries)
        if last_days:
            found.append(series_entry(key, last_days, picture, states))
    return found


def series_entry(
    key: str, last_days: dict[str, datetime.date], picture: queries.PictureFilter, states: dict[str, str]
) -> dict[str, Any]:
    """A series' chart of the states whose data reaches the window, and a note for each that ends
    before it (or, when all do, one note in place of the chart)."""
    name = names.series_name(key)
    ended = {code: day for code, day in last_days.items() if picture.start and day < picture.start}
    if len(ended) == len(last_days):
        note = names.no_data_after(name, date_format(max(ended.values()), "DATE_FORMAT"))
        return {"key": key, "name": name, "spec": None, "notes": [note]}
    params = [("country", code) for code in sorted(set(last_days) - set(ended))]
    params += [(field, str(getattr(picture, field))) for field in ("start", "end") if getattr(picture, field)]
    url = f"{reverse('api-1.0.0:get_series_group', args=[key])}?{urlencode(params)}"
    notes = [
        names.no_data_after(states.get(code, code), date_format(day, "DATE_FORMAT"))
        for code, day in sorted(ended.items())
    ]
    return {"key": key, "name": name, "spec": charts.series_chart(url, name), "notes": notes}


def may_record_events(user: Any) -> bool:
    """Whether ``user`` may record an event at all: the one test of the page and of its link."""
    if may_add(user, Event):
        return True
    state = getattr(user, "affiliation_state", None)
    return state is not None and may_add(user, Event, state.code)


@dataclass(frozen=True)
class ShownPicture:
    """The filter as the page shows it: the form, the picture, and whether the defaults were used."""

    form: DashboardForm
    picture: queries.PictureFilter
    default_scope: bool
    latest: datetime.date | None
    data_older: bool

    def query(self, search: str = "", sort: str = "") -> str:
        """The filter as a query string for the API, the exports and the table's links."""
        picture = self.picture
        params: list[tuple[str, str]] = [
            (name, value)
            for name, value in (
                ("region", picture.region),
                ("country", picture.country),
                ("area", picture.area),
                ("start", picture.start.isoformat() if picture.start else ""),
                ("end", picture.end.isoformat() if picture.end else ""),
            )
            if value
        ]
        params += [("category", category) for category in picture.categories]
        if picture.scope:
            params.append(("scope", "default"))
        elif not (picture.region or picture.country or picture.area):
            params.append(("everywhere", "on"))
        if search:
            params.append(("q", search))
        if sort:
            params.append(("sort", sort))
        return urlencode(params)


FILTER_FIELDS = ("region", "country", "area", "everywhere", "start", "end", "category", "scope")


def picture_from_request(request: HttpRequest) -> ShownPicture:
    """The picture the request asks for; with no filter at all, the default scope and window."""
    user = request.user
    scope = queries.default_scope(user)
    if not any(field in request.GET for field in FILTER_FIELDS):
        return default_picture(user, scope)
    form = DashboardForm(request.GET, user=user)
    if not form.is_valid():
        shown = default_picture(user, scope)
        return ShownPicture(form, shown.picture, True, shown.latest, shown.data_older)
    data = form.cleaned_data
    chosen = bool(data["region"] or data["country"] or data["area"])
    picture = queries.PictureFilter(
        data["region"].key if data["region"] else "",
        data["country"].code if data["country"] else "",
        data["start"],
        data["end"],
        tuple(data["category"]),
        data["area"],
        () if chosen or data["everywhere"] else scope,
    )
    latest = queries.latest_event_day(user, picture)
    older = bool(latest and picture.start and latest < picture.start)
    return ShownPicture(form, picture, False, latest, older)


def default_picture(user: Any, scope: tuple[str, ...]) -> ShownPicture:
    """The Organization's area and areas of interest over the last 30 days, or over the 30 days up to
    the latest data when there is none that recent."""
    latest = queries.latest_event_day(user, queries.PictureFilter(scope=scope))
    today = timezone.localdate()
    window = datetime.timedelta(days=DEFAULT_DAYS - 1)
    older = bool(latest and latest < today - window)
    end = latest if older else today
    start = end - window
    picture = queries.PictureFilter(start=start, end=end, scope=scope)
    form = DashboardForm(user=user, initial={"start": start, "end": end})
    return ShownPicture(form, picture, True, latest, older)


DEFAULT_DAYS = 30


DASHBOARD_EPISODES = 10


def open_episodes_block(user: Any, picture: queries.PictureFilter) -> dict[str, Any]:
    """The open episodes of the picture's states and dates: how many, the first few, and the list's link."""
    found = episode_queries.open_episodes(user, picture.countries(user), picture.start, picture.end)
    first = list(found[:DASHBOARD_EPISODES])
    state_names = episode_queries.state_names(user, (episode.series.country for episode in first))
    params = {"status": "unclosed", "region": picture.region, "country": picture.country}
    params |= {"start": picture.start.isoformat() if picture.start else ""}
    params |= {"end": picture.end.isoformat() if picture.end else ""}
    return {
        "count": found.count(),
        "rows": [episode_queries.episode_row(episode, state_names) for episode in first],
        "list_url": f"{reverse('crisis:episode-list')}?{urlencode({k: v for k, v in params.items() if v})}",
    }


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """A national liaison officer reports an event in their own state; a CRC duty officer or the
    Secretariat records one for any state, with its source."""
    user = request.user
    if not may_record_events(user):
        raise PermissionDenied
    any_state = may_add(user, Event)
    state = getattr(user, "affiliation_state", None)
    form = ReportForm(request.POST or None, user=user, any_state=any_state)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        country = values.pop("country").code if any_state else state.code
        try:
            report_event({**values, "country": country}, actor=Actor.for_user(user))
        except (ReportError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{reverse('crisis:dashboard')}?country={country}")
    return render(
        request,
        "crisis/report_form.html",
        {"form": form, "state": None if any_state else state, "title": _("Situation report")},
    )


def events_export(request: HttpRequest, kind: str) -> StreamingHttpResponse:
    """The table of events as CSV, JSON or GeoJSON: the same filter, search and order, every page."""
    if kind not in FORMATS:
        raise Http404(_("No such export."))
    shown = picture_from_request(request)
    events = table_events(request.user, shown.picture, TableQuery.from_params(request.GET))
    return export_response(request.user, events, kind, f"events-{timezone.localdate().isoformat()}")


def sitrep(request: HttpRequest) -> HttpResponse:
    """The daily situation report as a page, or as PDF with ``?format=pdf`` (same template)."""
    try:
        day = parse_day(request.GET["date"]) if request.GET.get("date") else timezone.localdate()
    except InvalidValue as refusal:
        return HttpResponse(_("date: %(reason)s") % {"reason": refusal}, status=400)
    region = request.GET.get("region", "")
    language = translation.get_language() or "en"
    try:
        if request.GET.get("format") == "pdf":
            response = HttpResponse(
                render_pdf(request.user, day, region, language), content_type="application/pdf"
            )
            response["Content-Disposition"] = f'inline; filename="sitrep-{day}.pdf"'
            return response
        return HttpResponse(render_html(request.user, day, region, language))
    except SitrepError as error:
        return HttpResponse(str(error), status=400)


def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One alert: why it fired, its comments and history; duty officers acknowledge, comment and close."""
    alert = Alert.objects.restrict(request.user, "view").select_related("series").filter(pk=pk).first()
    if alert is None:
        raise Http404(_("No such alert."))
    if (
        alert.episode_id
        and Episode.objects.restrict(request.user, "view").filter(pk=alert.episode_id).exists()
    ):
        return redirect("crisis:episode-detail", pk=alert.episode_id)  # handled as one episode
    error = ""
    if request.method == "POST":
        error = handle_alert_action(request, alert)
        if not error:
            return redirect("crisis:alert-detail", pk=pk)
    return render(
        request,
        "crisis/alert_detail.html",
        {
            "alert": alert,
            "row": queries.alert_row(alert),
            "comments": alert.comments.all(),
            "error": error,
            "may_handle": may(request.user, alert, Action.CHANGE),
            "panels": built_panels(request.user, [alert]),
        },
    )


def handle_alert_action(request: HttpRequest, alert: Alert) -> str:
    """Acknowledge, comment on or close an alert; the error to show, if any."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    actor = Actor.for_user(request.user)
    action = request.POST.get("action")
    try:
        if action == "acknowledge":
            acknowledge_alert(alert, actor=actor)
        elif action == "comment":
            comment_on_alert(alert, request.POST.get("text", ""), actor=actor)
        elif action == "close":
            close_alert(alert, request.POST.get("text", ""), actor=actor)
        else:
            return _("Unknown action.")
    except AlertError as error:
        return str(error)
    return ""
