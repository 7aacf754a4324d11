"""The alert episodes' pages: the list with its filters, and an episode with its alert days, its
comments and the duty officers' acknowledge / comment / close forms."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.core.access import Action, may
from accord.core.audit import Actor
from accord.crisis import episode_queries, episodes
from accord.crisis.alert_panels import built_panels
from accord.crisis.episode_queries import EpisodeFilter
from accord.crisis.forms import EpisodeActionForm, EpisodeFilterForm
from accord.crisis.models import Alert, Episode
from accord.crisis.names import method_name, series_name, statistic_name

EPISODES_PER_PAGE = 25


def filter_of(form: EpisodeFilterForm) -> EpisodeFilter:
    """The list's filter from a valid form (everything, newest alert first, otherwise)."""
    if not form.is_valid():
        return EpisodeFilter()
    data = form.cleaned_data
    return EpisodeFilter(
        status=data["status"],
        level=data["level"],
        series=data["series"],
        country=data["country"].code if data["country"] else "",
        region=data["region"].key if data["region"] else "",
        start=data["start"],
        end=data["end"],
        sort=data["sort"] or "-last_alert_on",
    )


def episode_list(request: HttpRequest) -> HttpResponse:
    """The alert episodes the user may see: filtered, sorted, 25 a page."""
    form = EpisodeFilterForm(request.GET or None, user=request.user)
    found = filter_of(form).episodes(request.user)
    page = Paginator(found, EPISODES_PER_PAGE).get_page(request.GET.get("page"))
    names = episode_queries.state_names(
        request.user, (episode.series.country for episode in page.object_list)
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "crisis/episode_list.html",
        {
            "form": form,
            "page": page,
            "rows": [episode_queries.episode_row(episode, names) for episode in page.object_list],
            "total": page.paginator.count,
            "querystring": params.urlencode(),
        },
    )


def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One episode: why it fired, day by day; what duty officers wrote; their forms, if they may act."""
    episode = Episode.objects.restrict(request.user, "view").select_related("series").filter(pk=pk).first()
    if episode is None:
        raise Http404(_("No such alert episode."))
    error = ""
    form = EpisodeActionForm(request.POST or None)
    if request.method == "POST":
        error = handle_action(request, episode, form)
        if not error:
            return redirect("crisis:episode-detail", pk=pk)
    names = episode_queries.state_names(request.user, [episode.series.country])
    return render(
        request,
        "crisis/episode_detail.html",
        {
            "episode": episode,
            "row": episode_queries.episode_row(episode, names),
            "series_name": series_name(episode.series.key),
            "method_name": method_name(episode.method),
            "statistic_name": statistic_name(episode.method),
            "days": episode_queries.alert_days(request.user, episode),
            "comments": episode_queries.comments(episode),
            "form": form if error else EpisodeActionForm(),
            "error": error,
            "may_handle": may(request.user, episode, Action.CHANGE),
            "panels": built_panels(
                request.user,
                list(
                    Alert.objects.restrict(request.user, "view")
                    .filter(episode=episode)
                    .select_related("series")
                ),
            ),
        },
    )


def handle_action(request: HttpRequest, episode: Episode, form: EpisodeActionForm) -> str:
    """Acknowledge, comment on or close an episode; the error to show, if any."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not form.is_valid():
        return " ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
    actor = Actor.for_user(request.user)
    text = form.cleaned_data["text"]
    try:
        match form.cleaned_data["action"]:
            case "acknowledge":
                episodes.acknowledge(episode, actor=actor, comment_text=text)
            case "comment":
                episodes.comment(episode, text, actor=actor)
            case _:
                episodes.close(episode, text, actor=actor)
    except episodes.EpisodeError as error:
        return str(error)
    return ""
