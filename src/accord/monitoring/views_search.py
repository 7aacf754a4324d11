"""Search over media items and stories (``/monitoring/search/``): see :mod:`accord.monitoring.search`
for how words are matched; only what the user may see is found or counted."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from accord.core.validation import day_field
from accord.monitoring import search

RESULTS_PER_PAGE = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Search in"),
        required=False,
        choices=[("items", gettext_lazy("items")), ("stories", gettext_lazy("stories"))],
    )
    category = forms.SlugField(label=gettext_lazy("Category"), max_length=120, required=False)
    state = forms.CharField(label=gettext_lazy("State"), max_length=3, required=False)
    start = day_field(gettext_lazy("From"))
    end = day_field(gettext_lazy("To"))

    def clean_state(self) -> str:
        return (self.cleaned_data.get("state") or "").strip().upper()


def form_data(request: HttpRequest) -> dict[str, str]:
    """The query string, ``from``/``to`` read as the form's ``start``/``end``."""
    data = request.GET.dict()
    for outer, inner in (("from", "start"), ("to", "end")):
        if outer in data and inner not in data:
            data[inner] = data.pop(outer)
    return data


def search_page(request: HttpRequest) -> HttpResponse:
    """Items or stories matching the words, best first, highlighted and paged."""
    form = SearchForm(form_data(request) or None)
    results, stems, kind = None, [], "items"
    if form.is_valid() and form.cleaned_data.get("q"):
        kind = form.cleaned_data.get("kind") or "items"
        stems = search.query_stems(form.cleaned_data["q"])
        if kind == "stories":
            found = search.search_stories(request.user, stems, form.cleaned_data)
        else:
            found = search.search_items(request.user, stems, form.cleaned_data)
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    make = search.story_result if kind == "stories" else search.item_result
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "monitoring/search.html",
        {
            "form": form,
            "page": results,
            "kind": kind,
            "results": [make(record, stems) for record in results.object_list] if results else [],
            "stems": stems,
            "querystring": params.urlencode(),
        },
    )
