"""The triage queue (``/monitoring/``) and one story's page (``/monitoring/stories/<pk>/``).

The queue lists the stories the user may see, new ones first, with filters, a search in titles,
sorting and pages. A story's page shows its titles, its tags summed over its items with the rules and
words that made each one, its figures and items, the triage form (for the CRC's duty officers and head;
readers see the verdicts and notes), the history of reviews, and for a verified story the steps beyond
monitoring: attach it to a crisis, put it on the map, cite it in a draft situation report. Every step
goes through :mod:`accord.monitoring.story_services`; a refusal is shown beside its field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.access import Action, may
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.core.references import references_for_request
from accord.core.validation import day_field
from accord.crisis.models import SituationReport
from accord.monitoring import story_queries, story_services
from accord.monitoring.models import Story, StoryCitation
from accord.monitoring.models.common import Language
from accord.monitoring.tag_names import tag_names
from accord.response.models import Crisis

STORIES_PER_PAGE = 25
CHOICES_SHOWN = 200


class QueueForm(forms.Form):
    """The queue's filters, search and order."""

    q = forms.CharField(label=gettext_lazy("Search in titles"), max_length=200, required=False)
    triage = forms.ChoiceField(
        label=gettext_lazy("Triage"),
        required=False,
        choices=[("", gettext_lazy("any")), *Story.Triage.choices],
    )
    category = forms.SlugField(label=gettext_lazy("Category"), max_length=120, required=False)
    state = forms.CharField(label=gettext_lazy("State"), max_length=3, required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), required=False, choices=[("", gettext_lazy("any")), *Language.choices]
    )
    start = day_field(gettext_lazy("From"))
    end = day_field(gettext_lazy("To"))
    faded = forms.ChoiceField(
        label=gettext_lazy("Faded"),
        required=False,
        choices=[
            ("", gettext_lazy("any")),
            ("no", gettext_lazy("still growing")),
            ("yes", gettext_lazy("faded")),
        ],
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[
            ("triage", gettext_lazy("triage (new first)")),
            ("last-seen", gettext_lazy("last seen")),
            ("items", gettext_lazy("items")),
            ("sources", gettext_lazy("sources")),
        ],
    )

    def clean_state(self) -> str:
        return (self.cleaned_data.get("state") or "").strip().upper()


def story_queue(request: HttpRequest) -> HttpResponse:
    """The stories the user may see, waiting ones first, filtered, searched, sorted and paged."""
    form = QueueForm(request.GET or None)
    if form.is_valid():
        stories = story_queries.queue(request.user, form.cleaned_data)
    elif form.is_bound:
        stories = Story.objects.none()
    else:
        stories = story_queries.queue(request.user, {})
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = queue_rows(page.object_list)
    return render(
        request,
        "monitoring/story_queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "querystring": params.urlencode(),
        },
    )


def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One story; a merged story sends the reader to the story it became part of."""
    story, current = story_queries.current_story(request.user, pk)
    if story is None or current is None:
        raise Http404(_("No such story."))
    if current.pk != story.pk:
        return redirect("monitoring:story-detail", pk=current.pk)
    error = None
    if request.method == "POST":
        error = handle_action(request, story)
        if error is None:
            return redirect("monitoring:story-detail", pk=story.pk)
        story.refresh_from_db()
    return render(request, "monitoring/story_detail.html", detail_context(request, story, error))


ACTIONS = ("review", "crisis", "event", "cite", "uncite")


def run_action(action: str, story: Story, post: Any, actor: Actor) -> str:
    """Do the asked step through the services; the message to show when it is done."""
    if action == "review":
        story_services.review_story(story, post.get("verdict", ""), post.get("note", ""), actor=actor)
        return _("The verdict is recorded.")
    if action == "crisis":
        story_services.attach_to_crisis(story, post.get("crisis") or None, actor=actor)
        return _("The story's crisis is recorded.")
    if action == "event":
        event = story_services.make_event(
            story, actor=actor, country=post.get("country") or None, place=post.get("place") or None
        )
        return _("The story is on the map as event %(pk)s.") % {"pk": event.pk}
    if action == "cite":
        story_services.cite_in_report(
            story, post.get("report", ""), post.get("citation_note", ""), actor=actor
        )
        return _("The story is cited in the situation report.")
    story_services.uncite(story, post.get("report", ""), actor=actor)
    return _("The story is no longer cited in the situation report.")


def handle_action(request: HttpRequest, story: Story) -> dict[str, str] | None:
    """Make the posted step; the refusal to show beside its field, or None when done."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return {"action": action, "field": "action", "reason": _("Unknown action.")}
    try:
        done = run_action(action, story, request.POST, Actor.for_user(request.user))
    except ServiceError as refusal:
        return {"action": action, "field": refusal.field or "", "reason": refusal.reason}
    except PermissionDenied as refusal:
        return {"action": action, "field": "", "reason": str(refusal) or _("Not allowed.")}
    messages.success(request, done)
    return None


def detail_context(request: HttpRequest, story: Story, error: dict[str, str] | None) -> dict[str, Any]:
    user = request.user
    references = references_for_request(request)
    may_change = may(user, story, Action.CHANGE)
    citations = list(StoryCitation.objects.restrict(user).filter(story=story).order_by("at", "id"))
    tags = story_queries.tag_summaries(user, story)
    context: dict[str, Any] = {
        "story": story,
        "error": error,
        "posted": request.POST if error else {},
        "may_change": may_change,
        "verdicts": [choice for choice in Story.Triage.choices if choice[0] != Story.Triage.NEW],
        "tags": named(tags, lambda tag: (tag.kind, tag.key)),
        "figures": story_queries.figures_of(user, story),
        "items": story_queries.visible_items(user, story).order_by("published", "id"),
        "reviews": story.reviews.all(),
        "crisis": references.from_record(story, "crisis"),
        "event": references.from_record(story, "event"),
        "citations": list(zip(citations, references.from_each(citations, "report"), strict=True)),
    }
    if may_change and story.triage == Story.Triage.VERIFIED:
        context.update(verified_choices(user, story))
    return context


def queue_rows(stories: Iterable[Story]) -> list[dict[str, Any]]:
    """Each story of the page with its categories and states as (key, name in the reader's language),
    the names of the whole page found at once."""
    by_kind = [(story, story_queries.tags_by_kind(story)) for story in stories]
    names = tag_names((kind, key) for _, tags in by_kind for kind, keys in tags.items() for key in keys)
    return [
        {
            "story": story,
            "tags": {
                kind: [(key, names.get((kind, key), key)) for key in keys] for kind, keys in tags.items()
            },
        }
        for story, tags in by_kind
    ]


def named(found: list[Any], pair_of: Any) -> list[tuple[Any, str]]:
    """Each of ``found`` with the name of its (kind, key) in the reader's language, so the page says
    "Kazakhstan" or "Казахстан" where the analysis keeps ``KAZ`` (the key itself when no name is known)."""
    names = tag_names(pair_of(each) for each in found)
    return [(each, names.get(pair_of(each), pair_of(each)[1])) for each in found]


def verified_choices(user: Any, story: Story) -> dict[str, Any]:
    """What the steps of a verified story offer: crises to see, states and places, drafts to change."""
    return {
        "crises": Crisis.objects.restrict(user).order_by("-started_on", "-id")[:CHOICES_SHOWN],
        "states": named(story_services.story_keys(story, "state"), lambda key: ("state", key)),
        "places": named(story_services.story_keys(story, "place"), lambda key: ("place", key)),
        "drafts": SituationReport.objects.restrict(user, Action.CHANGE)
        .filter(status=SituationReport.Status.DRAFT)
        .defer("html", "pdf")
        .order_by("-report_date", "scope")[:CHOICES_SHOWN],
    }
