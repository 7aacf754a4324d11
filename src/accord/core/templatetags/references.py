"""``{% reference %}``: every link from one record to another on a page goes through the access check.

    {% load references %}
    {% reference document "session" %}       the link stored in a field (the target is never loaded)
    {% reference row.decision %}             a Reference the view resolved for a whole list at once
    {% get_reference minutes "previous" as previous %}{% if previous.visible %}…{% endif %}

A visible target renders as a link to its page with its title; a target the reader may not see renders
as "a record you may not see", with no title, no id and no address; no target renders nothing.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accord.core.references import HIDDEN_TEXT, Reference, References, references_for_request

register = template.Library()


def resolver_for(context: template.Context) -> References:
    """The request's resolver; without a request, one for the context's user, or for the public."""
    request = context.get("request")
    if request is not None and hasattr(request, "user"):
        return references_for_request(request)
    return References(context.get("user") or AnonymousUser())


def resolve(context: template.Context, target: Any, field_name: str | None) -> Reference | None:
    """Whatever the template holds — a record and a field, a record, or a resolved reference."""
    if target is None or target == "":
        return None
    if isinstance(target, Reference):
        return target
    if not isinstance(target, models.Model):
        raise TypeError(f"{{% reference %}} needs a record or a Reference, not {type(target).__name__}")
    resolver = resolver_for(context)
    return resolver.from_record(target, field_name) if field_name else resolver.to_record(target)


def render(reference: Reference | None) -> SafeString:
    """The HTML of one reference."""
    if reference is None:
        return SafeString("")
    if not reference.visible:
        return format_html('<span class="hidden-reference">{}</span>', HIDDEN_TEXT)
    if reference.url:
        return format_html('<a href="{}">{}</a>', reference.url, reference.title)
    return format_html("{}", reference.title)


@register.simple_tag(takes_context=True)
def reference(context: template.Context, target: Any, field_name: str | None = None) -> SafeString:
    """Render a link to another record, as far as the reader may see it."""
    return render(resolve(context, target, field_name))


@register.simple_tag(takes_context=True)
def get_reference(context: template.Context, target: Any, field_name: str | None = None) -> Reference | None:
    """The checked reference itself, for a template that shows more than the link (``as`` a variable)."""
    return resolve(context, target, field_name)
