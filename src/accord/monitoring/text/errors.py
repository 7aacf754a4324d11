"""Why a text could not be taken in, said once for every part of the text pipeline.

A :class:`TextError` is stored beside the item (or the feed) it refused and shown on its page, so its
message says what was wrong and what to do; its ``code`` is a short stable key for counting and
filtering (``empty``, ``too-large``, ``not-html``, ``undecodable``, ``unsupported-type``,
``unsupported-language``, ``malformed-feed``, ``no-text``, ``unreachable``). No library's own
exception leaves this package: each is caught where it happens and said as one of these.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CODES = (
    "empty",
    "too-large",
    "not-html",
    "undecodable",
    "unsupported-type",
    "unsupported-language",
    "malformed-feed",
    "no-text",
    "unreachable",
)


class TextError(Exception):
    """A text refused, with a stable ``code`` and a message in the reader's language.

    ``template`` stays lazy and ``params`` fill it only when the message is read, so the same error
    reads in Russian on a Russian page and in English in a log.
    """

    def __init__(self, code: str, template: str | Promise, **params: Any) -> None:
        if code not in CODES:
            raise ValueError(f"unknown text error code {code!r}")
        self.code = code
        self.template = template
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        """The message in the active language, its blanks filled."""
        return str(self.template) % self.params if self.params else str(self.template)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"TextError({self.code!r}, {self.message!r})"


def size_text(size: int) -> str:
    """A byte count as people read it: ``812 bytes``, ``48.3 KB``, ``50.0 MB``."""
    if size < 1024:
        return gettext("%(count)d bytes") % {"count": size}
    if size < 1024 * 1024:
        return gettext("%(size).1f KB") % {"size": size / 1024}
    return gettext("%(size).1f MB") % {"size": size / (1024 * 1024)}


class Size(int):
    """A byte count that reads as :func:`size_text` in the language active when it is read."""

    def __str__(self) -> str:
        return size_text(self)


def too_large(size: int, limit: int, what: str | Promise) -> TextError:
    """The refusal of something over its limit, naming both sizes."""
    return TextError(
        "too-large",
        _(
            "The %(what)s is %(size)s, more than the %(limit)s Accord reads at once, so it was not "
            "read. Give one article at a time (not an archive or a whole site); for a feed, ask its "
            "administrator for one with fewer entries."
        ),
        what=what,
        size=Size(size),
        limit=Size(limit),
    )


def empty(what: str | Promise) -> TextError:
    """The refusal of nothing at all."""
    return TextError(
        "empty",
        _("The %(what)s is empty: there is nothing to read. Check the file or the address."),
        what=what,
    )
