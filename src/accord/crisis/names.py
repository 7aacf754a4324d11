"""What pages call a series and an early-warning method: names in the reader's language, never keys."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.crisis.models import Category

SERIES_NAMES = {
    "covid.confirmed": gettext_lazy("COVID-19 confirmed cases"),
    "covid.deaths": gettext_lazy("COVID-19 deaths"),
}
METHOD_NAMES = {
    "ears-c1": gettext_lazy("EARS C1"),
    "ears-c2": gettext_lazy("EARS C2"),
    "ears-c3": gettext_lazy("EARS C3"),
    "cusum": gettext_lazy("CUSUM"),
    "poisson": gettext_lazy("Poisson exceedance"),
}
# What each method's statistic is, so that "2.7 against 3" means something beside the counts.
STATISTIC_NAMES = {
    "ears-c1": gettext_lazy("standard deviations above the baseline"),
    "ears-c2": gettext_lazy("standard deviations above the baseline"),
    "ears-c3": gettext_lazy("sum of excesses over three days"),
    "cusum": gettext_lazy("cumulative sum"),
    "poisson": gettext_lazy("probability of at least this count"),
}


def series_name(key: str) -> str:
    """A series' name: "COVID-19 confirmed cases", or an event category's daily events."""
    if key in SERIES_NAMES:
        return str(SERIES_NAMES[key])
    if key.startswith("events."):
        category = key.removeprefix("events.")
        label = dict(Category.choices).get(category, category)
        return _("Events: %(category)s") % {"category": label}
    return key


def method_name(method: str) -> str:
    return str(METHOD_NAMES.get(method, method))


def statistic_name(method: str) -> str:
    return str(STATISTIC_NAMES.get(method, ""))
