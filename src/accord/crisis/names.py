"""Names for what the dashboard shows by key: series, alert levels, categories, states and regions.

Keys (``covid.confirmed``, ``amber``, ``KAZ``) are for machines; every label a person reads comes from
here, in the active language, so that the page, the charts and the exports name things alike.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.charter import gazetteer
from accord.core.access import SYSTEM_USER
from accord.crisis.models import Alert, Category, PlacePrecision

SERIES_NAMES = {
    "covid.confirmed": gettext_lazy("COVID-19: new confirmed cases"),
    "covid.deaths": gettext_lazy("COVID-19: new deaths"),
}

SOURCE_NAMES = {
    "report": gettext_lazy("situation report"),
    "ged": gettext_lazy("UCDP GED"),
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
    """A series' name ("COVID-19: new confirmed cases", an event category's daily events); an unknown
    series by its key (a new feed is still shown)."""
    if key in SERIES_NAMES:
        return str(SERIES_NAMES[key])
    if key.startswith("media."):
        category = key.removeprefix("media.").split("@", 1)[0]
        return _("Media: stories of %(category)s") % {
            "category": dict(Category.choices).get(category, category)
        }
    if key.startswith("events."):
        category = key.removeprefix("events.")
        return _("Events: %(category)s") % {"category": dict(Category.choices).get(category, category)}
    return key


def method_name(method: str) -> str:
    return str(METHOD_NAMES.get(method, method))


def statistic_name(method: str) -> str:
    return str(STATISTIC_NAMES.get(method, ""))


def level_name(level: str) -> str:
    """An alert level's name ("amber" → "amber" / «жёлтый»)."""
    return str(dict(Alert.Level.choices).get(level, level))


def category_names() -> dict[str, str]:
    """Each category's name, translated once for thousands of rows."""
    return {value: str(label) for value, label in Category.choices}


def place_precision_names() -> dict[str, str]:
    return {value: str(label) for value, label in PlacePrecision.choices}


def source_name(key: str) -> str:
    return str(SOURCE_NAMES.get(key, key))


def state_names(user: Any = SYSTEM_USER) -> dict[str, str]:
    """Every state's name by its alpha-3 code, in the active language (as ``user`` may see them)."""
    column = "name_ru" if _language() == "ru" else "name_en"
    return {
        code: (name or english)
        for code, name, english in gazetteer.states(user).values_list("code", column, "name_en")
    }


def region_names(user: Any = SYSTEM_USER) -> dict[str, str]:
    """Every collective security region's name by its key, in the active language."""
    return {region.key: region.name for region in gazetteer.regions(user)}


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def no_data_after(name: str, day: str) -> str:
    """The note shown instead of an empty chart."""
    return _("%(name)s: no data after %(day)s") % {"name": name, "day": day}
