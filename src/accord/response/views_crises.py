"""Pages of crises: the list, a crisis's timeline (as of a date, its requests, forms to link records
for those who may), and the form for a new crisis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.charter.models import State
from accord.core.access import may, may_add
from accord.core.audit import Actor, log_read
from accord.core.classification import Classification, Releasability
from accord.core.errors import ServiceError
from accord.core.validation import day_field
from accord.response import crisis_services
from accord.response.lifecycle import status_on
from accord.response.links import request_page
from accord.response.models import Crisis, RequestStatus
from accord.response.timeline import timeline, visible_requests

CRISES_PER_PAGE = 25
SORTS = {
    "-started_on": ("-started_on", "-id"),
    "started_on": ("started_on", "id"),
    "title": ("title_en", "id"),
}


class CrisisFilterForm(forms.Form):
    """Search in titles and summaries; filter by a state affected and whether the crisis goes on."""

    q = forms.CharField(label=gettext_lazy("Search"), max_length=200, required=False)
    state = forms.ChoiceField(label=gettext_lazy("State affected"), required=False)
    going_on = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("any")), ("yes", gettext_lazy("going on")), ("no", gettext_lazy("ended"))],
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("-started_on", gettext_lazy("newest first")),
            ("started_on", gettext_lazy("oldest first")),
            ("title", gettext_lazy("by title")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = State.objects.restrict(user).filter(statuses__isnull=False).distinct().order_by("code")
        self.fields["state"].choices = [
            ("", _("any state")),
            *[(s.code, f"{s.code} — {s.name}") for s in states],
        ]


def filtered(crises: QuerySet, data: dict[str, Any]) -> QuerySet:
    """The crises matching the search and filters, in the order asked."""
    text = (data.get("q") or "").strip()
    if text:
        crises = crises.filter(
            Q(title_en__icontains=text)
            | Q(title_ru__icontains=text)
            | Q(summary_en__icontains=text)
            | Q(summary_ru__icontains=text)
            | Q(key__icontains=text)
        )
    if data.get("state"):
        crises = crises.filter(states__code=data["state"])
    if data.get("going_on") == "yes":
        crises = crises.filter(ended_on__isnull=True)
    elif data.get("going_on") == "no":
        crises = crises.filter(ended_on__isnull=False)
    return crises.distinct().order_by(*SORTS.get(data.get("sort") or "", SORTS["-started_on"]))


def crisis_list(request: HttpRequest) -> HttpResponse:
    """The crises the user may see, searched, filtered, sorted and paged."""
    form = CrisisFilterForm(request.GET or None, user=request.user)
    crises = Crisis.objects.restrict(request.user)
    if form.is_valid():
        crises = filtered(crises, form.cleaned_data)
    elif form.is_bound:
        crises = crises.none()
    else:
        crises = filtered(crises, {})
    page = Paginator(crises, CRISES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "querystring": params.urlencode(),
        "may_create": request.user.is_authenticated and may_add(request.user, Crisis),
    }
    return render(request, "response/crisis_list.html", context)


class AsOfForm(forms.Form):
    on = day_field(gettext_lazy("As of"))


class LinkForm(forms.Form):
    """Link a record to the crisis, or take it off."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of record"),
        choices=[
            ("event", gettext_lazy("event (id)")),
            ("episode", gettext_lazy("alert episode (id)")),
            ("report", gettext_lazy("situation report (id)")),
            ("document", gettext_lazy("document (key or id)")),
            ("request", gettext_lazy("request (key)")),
            ("deployment", gettext_lazy("deployment (key)")),
            ("delivery", gettext_lazy("delivery (id)")),
            ("consultation", gettext_lazy("consultation (id)")),
        ],
    )
    name = forms.CharField(label=gettext_lazy("Id or key"), max_length=100)
    unlink = forms.BooleanField(label=gettext_lazy("Take it off the crisis"), required=False)


def visible_crisis(request: HttpRequest, key: str) -> Crisis:
    found = Crisis.objects.restrict(request.user).filter(key=key).first()
    if found is None:
        raise Http404(_("No such crisis."))
    return found


def requests_of(user: Any, crisis: Crisis, day: Any) -> list[dict[str, Any]]:
    """The crisis's requests the user may see, each with its status on the day asked (or today)."""
    rows = []
    for item in visible_requests(user, crisis):
        status = status_on(item, day)
        label = RequestStatus(status).label if status else _("not yet made")
        rows.append({"request": item, "status": label, "url": request_page(item.key)})
    return rows


def handle_link(request: HttpRequest, crisis: Crisis, form: LinkForm) -> str | None:
    """Link or unlink as the form says; the refusal to show, or None."""
    if not form.is_valid():
        return _("Check the form.")
    data = form.cleaned_data
    actor = Actor.for_user(request.user)
    write = crisis_services.unlink if data["unlink"] else crisis_services.link
    try:
        write(crisis, data["kind"], data["name"], actor=actor, reason="linked on the crisis's page")
    except (ServiceError, PermissionDenied) as error:
        return str(error)
    return None


def crisis_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A crisis as one timeline, as of a date when one is asked; its requests; link forms."""
    crisis = visible_crisis(request, key)
    user = request.user
    may_link = user.is_authenticated and may(user, crisis, "change")
    link_form = LinkForm(request.POST or None)
    error = None
    if request.method == "POST":
        if not may_link:
            raise PermissionDenied
        error = handle_link(request, crisis, link_form)
        if error is None:
            return redirect("response:crisis-detail", key=crisis.key)
    as_of_form = AsOfForm(request.GET or None)
    day = as_of_form.cleaned_data.get("on") if as_of_form.is_valid() else None
    log_read(user, crisis, "page")
    context = {
        "crisis": crisis,
        "entries": timeline(crisis, user, as_of=day),
        "day": day,
        "as_of_form": as_of_form,
        "requests": requests_of(user, crisis, day),
        "states": State.objects.restrict(user).filter(pk__in=crisis.states.values("pk")).order_by("code"),
        "may_link": may_link,
        "link_form": link_form,
        "error": error,
    }
    return render(request, "response/crisis_detail.html", context)


class CrisisForm(forms.Form):
    """A new crisis: its key, titles, dates, states affected, summary, source and labels."""

    key = forms.SlugField(label=gettext_lazy("Key"), max_length=100)
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=gettext_lazy("Title (Russian)"), max_length=300, required=False)
    started_on = day_field(gettext_lazy("Started on"), required=True)
    ended_on = day_field(gettext_lazy("Ended on"))
    states = forms.MultipleChoiceField(label=gettext_lazy("States affected"), required=False)
    summary_en = forms.CharField(
        label=gettext_lazy("Summary (English)"), required=False, widget=forms.Textarea
    )
    summary_ru = forms.CharField(
        label=gettext_lazy("Summary (Russian)"), required=False, widget=forms.Textarea
    )
    source_text = forms.CharField(label=gettext_lazy("Source"), max_length=400, required=False)
    classification = forms.TypedChoiceField(
        label=gettext_lazy("Classification"),
        coerce=int,
        choices=Classification.choices,
        initial=Classification.RESTRICTED,
    )
    releasability = forms.ChoiceField(
        label=gettext_lazy("Releasable to"), choices=Releasability.choices, initial=Releasability.MEMBERS_ONLY
    )
    release_to = forms.CharField(
        label=gettext_lazy("Named states"),
        max_length=400,
        required=False,
        help_text=gettext_lazy("Codes separated by commas, when released to named states."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = State.objects.restrict(user).filter(statuses__isnull=False).distinct().order_by("code")
        self.fields["states"].choices = [(state.code, f"{state.code} — {state.name}") for state in states]


def crisis_new(request: HttpRequest) -> HttpResponse:
    """The form for a new crisis, for the Secretariat and the CRC."""
    user = request.user
    if not (user.is_authenticated and may_add(user, Crisis)):
        raise PermissionDenied
    form = CrisisForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            crisis = crisis_services.create_crisis(
                dict(form.cleaned_data), actor=Actor.for_user(user), reason="new crisis page"
            )
        except (ServiceError, PermissionDenied) as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            return redirect("response:crisis-detail", key=crisis.key)
    return render(request, "response/crisis_form.html", {"form": form})
