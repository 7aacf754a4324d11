"""Every API route has a name of its own: pages link to API lists by name (``reverse``), and two
routes with one name make one of those links point at the other app's route without a word."""

from __future__ import annotations

from collections import Counter

from accord.api import api


def test_every_api_route_name_is_unique():
    names = Counter(pattern.name for pattern in api.urls[0] if getattr(pattern, "name", None))
    assert not [name for name, count in names.items() if count > 1]
