"""``{% panel template context %}``: render a panel another subject adds to a request's page with the
context its function built (as top-level names, and as ``panel``), the page's context beneath."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context: template.Context, name: str, values: dict[str, Any]) -> str:
    """The panel's template rendered with its own context over the page's."""
    with context.push(**values, panel=values):
        return get_template(name).template.render(context)
