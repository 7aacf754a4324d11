"""The forces app's index page (``/forces/``): where a staff officer of the Joint Staff lands.

Each subject of the app adds its entry to :data:`INDEX_LINKS` (a label and the name of its page), so
the index lists every subject without knowing them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

INDEX_LINKS: list[tuple[Promise | str, str]] = [
    (_("Yearly activity report"), "forces:report"),
]


def index(request: HttpRequest) -> HttpResponse:
    """The subjects of the forces app, one link each."""
    links = [{"label": label, "url": reverse(name)} for label, name in INDEX_LINKS]
    return render(request, "forces/index.html", {"links": links})
