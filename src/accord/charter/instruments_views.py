"""Pages that record the charter's instruments (their URLs: ``urlpatterns`` here, included by
:mod:`accord.charter.urls`)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
