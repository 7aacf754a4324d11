"""Page numbers for the API's lists, bounded so that an absurd page is refused, not sent to the database.

Django Ninja's page number is any integer, and ``(page - 1) * page_size`` becomes the query's
OFFSET: a page number of 30 digits overflows the database's integer and answered 500. A million
pages is beyond any list Accord holds, so a larger number is refused with 422 like any bad input,
and the spec says so.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """``?page=N&page_size=M`` (1 ≤ N ≤ a million; M capped at the list's maximum page size)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
