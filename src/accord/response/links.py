"""Addresses of the response app's pages, for links built outside a template (timelines,
notifications): the request's page is built by another subject, so its address is asked of the URL
configuration and, until that page exists, built next to the crises' pages."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from accord.core.access import SYSTEM_USER
from accord.core.references import References
from accord.response.models import Offer, Request


def request_page(key: str) -> str:
    """The page of the request with ``key``."""
    return reverse("response:request-detail", args=[key])


def crisis_page(key: str) -> str:
    """The page of the crisis with ``key``: its timeline."""
    return reverse("response:crisis-detail", args=[key])


def page_of(record: models.Model, resolver: References) -> str:
    """The page that shows a response record in a notification: the request it belongs to, else its
    crisis, each only when the reader may see it (a delivery may be seen where its offer's request
    is not); empty otherwise, and the notification then shows the record without a link."""
    label = record._meta.label_lower
    request_id: Any = None
    if label == "response.request":
        request_id = record.pk
    elif label == "response.offer":
        request_id = record.line.request_id
    elif label == "response.delivery" and record.offer_id:
        request_id = (
            Offer.objects.restrict(SYSTEM_USER)
            .filter(pk=record.offer_id)
            .values_list("line__request_id", flat=True)
            .first()
        )
    if request_id is not None:
        reference = resolver.to(Request, request_id)
        if reference is not None and reference.visible:
            return request_page(reference.record.key)
    reference = resolver.from_record(record, "crisis") if hasattr(record, "crisis_id") else None
    return crisis_page(reference.record.key) if reference is not None and reference.visible else ""
