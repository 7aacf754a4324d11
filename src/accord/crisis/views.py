"""The CRC dashboard and situation reports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.access import Action, may, may_add
from accord.core.audit import Actor
from accord.core.validation import InvalidValue, parse_day
from accord.crisis import charts, episode_queries, queries
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
    """Map, charts, open alerts and the latest reports for a region or a state; all of it from the API."""
    form = DashboardForm(request.GET or None, user=request.user)
    picture = queries.PictureFilter()
    if form.is_valid():
        data = form.cleaned_data
        picture = queries.PictureFilter(
            data["region"].key if data["region"] else "",
            data["country"].code if data["country"] else "",
            data["start"],
            data["end"],
            tuple(data["category"]),
        )
    params = {
        "region": picture.region,
        "country": picture.country,
        "start": picture.start.isoformat() if picture.start else "",
        "end": picture.end.isoformat() if picture.end else "",
    }
    query = urlencode({key: value for key, value in params.items() if value} | {}) + "".join(
        f"&category={category}" for category in picture.categories
    )
    series_state = picture.country or (picture.countries(request.user) or [""])[0]
    series_query = urlencode({key: params[key] for key in ("start", "end") if params[key]})
    series_charts = [
        {
            "key": key,
            "spec": charts.series_chart(
                f"{reverse('api-1.0.0:get_series', args=[key, series_state])}?{series_query}",
                f"{key} — {series_state}",
            ),
        }
        for key in DEFAULT_SERIES
        if series_state
    ]
    return render(
        request,
        "crisis/dashboard.html",
        {
            "form": form,
            "picture": picture,
            "query": query,
            "series_state": series_state,
            "figures": queries.key_figures(request.user, picture),
            "episodes": open_episodes_block(request.user, picture),
            "reports": queries.latest_reports(request.user, picture, 10),
            "events_spec": charts.events_chart(f"{reverse('api-1.0.0:get_counts')}?{query}"),
            "series_charts": series_charts,
            "map_url": f"{reverse('api-1.0.0:get_map')}?{query}",
            "categories": dict(Category.choices),
            "import_form": ImportFileForm() if may_add(request.user, Event) else None,
            "may_report": may_add(
                request.user, Event, getattr(getattr(request.user, "affiliation_state", None), "code", None)
            ),
        },
    )


DASHBOARD_EPISODES = 10


def open_episodes_block(user: Any, picture: queries.PictureFilter) -> dict[str, Any]:
    """The open episodes of the picture's states and dates: how many, the first few, and the list's link."""
    found = episode_queries.open_episodes(user, picture.countries(user), picture.start, picture.end)
    first = list(found[:DASHBOARD_EPISODES])
    names = episode_queries.state_names(user, (episode.series.country for episode in first))
    params = {"status": "unclosed", "region": picture.region, "country": picture.country}
    params |= {"start": picture.start.isoformat() if picture.start else ""}
    params |= {"end": picture.end.isoformat() if picture.end else ""}
    return {
        "count": found.count(),
        "rows": [episode_queries.episode_row(episode, names) for episode in first],
        "list_url": f"{reverse('crisis:episode-list')}?{urlencode({k: v for k, v in params.items() if v})}",
    }


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """A national liaison officer reports an event in their own state."""
    state = request.user.affiliation_state
    if state is None or not may_add(request.user, Event, state.code):
        raise PermissionDenied
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report_event({**form.cleaned_data, "country": state.code}, actor=Actor.for_user(request.user))
        except (ReportError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect(f"{reverse('crisis:dashboard')}?country={state.code}")
    return render(
        request, "crisis/report_form.html", {"form": form, "state": state, "title": _("Situation report")}
    )


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
