"""The ways a record reaches a user: pages, exports, the API, counts, history, feeds, downloads.

A channel answers which of a model's harness records one user sees through it: a set of markers, or
a number for channels that only count. Responses are kept per user and address for the module, so a
page several models show (a session's page shows its agenda, minutes and positions) is fetched once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client

from tests.visibility.world import Record

Seen = set[str] | int


@dataclass(frozen=True)
class Page:
    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


class Browser:
    """One user's client, remembering every answer (the harness's data does not change between tests)."""

    def __init__(self, client: Client, username: str | None) -> None:
        self.client = client
        self.username = username
        self.pages: dict[tuple[str, tuple], Page] = {}

    def get(self, url: str, **params: Any) -> Page:
        key = (url, tuple(sorted(params.items())))
        if key not in self.pages:
            self.pages[key] = self.fetch(url, params)
        return self.pages[key]

    def fetch(self, url: str, params: dict[str, Any]) -> Page:
        response = self.client.get(url, params)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        user = response.wsgi_request.user
        # A lost session would silently turn the user into the public: make that an error.
        assert (user.username if user.is_authenticated else None) == self.username, url
        # A download is read to the end, which closes it; the test client closes it then without ending
        # the request's database connection (closing it again here would, on PostgreSQL).
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return Page(response.status_code, body.decode("utf-8", errors="replace"))


Fetch = Callable[[Browser, list[Record]], Seen]


@dataclass(frozen=True)
class Channel:
    """A named way of seeing records, and how to read what it showed."""

    name: str
    seen: Fetch
    first: int | None = None  # look at the first records only (public tables of hundreds of rows)
    cap: int | None = None  # the channel shows at most this many (the newest): a part of what is allowed
    costly: bool = False  # a second or so per page: sampled unless ACCORD_VISIBILITY_FULL=1
    # Closed to the public (a login page or 401 for the anonymous visitor): the public must see none of
    # the records, whatever their labels, and every logged-in user exactly what the policy allows.
    login_required: bool = False


def markers_in(text: str, records: list[Record]) -> set[str]:
    return {record.marker for record in records if record.marker in text}


def page(name: str, url: str, *, cap: int | None = None, **params: Any) -> Channel:
    """A page (or export, or feed) that names every record it shows."""

    def seen(browser: Browser, records: list[Record]) -> Seen:
        shown = browser.get(url, **params)
        return markers_in(shown.text, records) if shown.status == 200 else set()

    return Channel(name, seen, cap=cap)


def per_record(name: str, address: Callable[[Record], str], *, named: bool = True) -> Channel:
    """A page per record (detail, history, download): seen when it answers 200 (and names the record)."""

    def seen(browser: Browser, records: list[Record]) -> Seen:
        found = set()
        for record in records:
            shown = browser.get(address(record))
            assert shown.status in (200, 302, 403, 404), f"{address(record)}: {shown.status}"
            if shown.status == 200 and (not named or record.marker in shown.text):
                found.add(record.marker)
        return found

    return Channel(name, seen)


def history(label: str, first: int | None = None) -> Channel:
    """The history page of each record (/history/<label>/<pk>/)."""
    channel = per_record("history", lambda record: f"/history/{label}/{record.pk}/", named=False)
    return Channel(channel.name, channel.seen, first, costly=True)


def on_parent_page(name: str, address: Callable[[Any], str]) -> Channel:
    """The page of each record's parent, naming the record (a session's agenda, an alert's comments)."""
    return per_record(name, lambda record: address(record.parent_pk))


def json_rows(name: str, url: str, field: str, **params: Any) -> Channel:
    """An API list or JSON export: the records named in ``field`` of its rows."""

    def seen(browser: Browser, records: list[Record]) -> Seen:
        shown = browser.get(url, **params)
        if shown.status != 200:
            return set()
        body = shown.json()
        rows = body["items"] if isinstance(body, dict) and "items" in body else body
        return markers_in(json.dumps([row[field] for row in rows]), records)

    return Channel(name, seen)


def csv_rows(name: str, url: str, field: str, **params: Any) -> Channel:
    def seen(browser: Browser, records: list[Record]) -> Seen:
        shown = browser.get(url, **params)
        rows = csv.DictReader(io.StringIO(shown.text)) if shown.status == 200 else []
        return markers_in(json.dumps([row[field] for row in rows]), records)

    return Channel(name, seen)


def count(name: str, url: str, read: Callable[[Any], int], **params: Any) -> Channel:
    """A number the API answers (how many records): compared with how many the user may see."""

    def seen(browser: Browser, records: list[Record]) -> Seen:
        return read(browser.get(url, **params).json())

    return Channel(name, seen)


def weighed(records: list[Record], total: int) -> set[str]:
    """The records a total of weights 2**i (the i-th record's) was made of."""
    return {record.marker for index, record in enumerate(records) if total >> index & 1}


def total(name: str, url: str, read: Callable[[Page], int], **params: Any) -> Channel:
    """A sum of weighted records (fatalities 2**i): tells exactly which records were counted."""

    def seen(browser: Browser, records: list[Record]) -> Seen:
        return weighed(records, read(browser.get(url, **params)))

    return Channel(name, seen)


def figure_on_page(heading: str) -> Callable[[Page], int]:
    """The big number under a heading of the dashboard's key figures."""

    def read(shown: Page) -> int:
        found = re.search(rf"<h2>{heading}</h2><p class=\"big\">([\d,\s]+)</p>", shown.text)
        assert found, f"no figure {heading!r} on the page"
        return int(re.sub(r"\D", "", found.group(1)))

    return read


def yearly_report(year: int) -> tuple[Channel, ...]:
    """The forces app's yearly activity report of ``year``: the page, its HTML download and the API.

    The report keeps nothing of its own: each subject's section lists what its ``restrict()`` lets the
    reader see, so a subject whose records the report shows adds these channels to its declaration
    (with its records in ``year``, their markers in the text of the section). The report needs a
    login: the public sees none of it. The PDF is the same document as the HTML download.
    """
    channels = (
        page("yearly report page", "/forces/report/", year=year),
        page("yearly report html", f"/forces/report/{year}.html"),
        page("yearly report api", "/api/v1/forces/report", year=year),
    )
    return tuple(
        Channel(channel.name, channel.seen, costly=True, login_required=True) for channel in channels
    )
