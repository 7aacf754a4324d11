"""``{{ value|figure }}``: a quantity or an amount as plain digits without trailing zeros (10, 2.5),
never in the exponent form a normalized decimal prints (1E+1)."""

from decimal import Decimal

from django import template

from accord.response.ledger import figure as plain

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return plain(value) or ""
