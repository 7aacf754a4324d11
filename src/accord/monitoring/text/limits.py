"""How much the text pipeline takes in, and reading no more than that.

Sizes are checked before anything is parsed: a 50 MB file given as an article is refused from its
size alone (from ``os.stat`` for a path, from the first ``limit + 1`` bytes of a stream), never read
whole into memory and handed to a parser.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.monitoring.text.errors import too_large

# One article: a news page with its markup is 50-500 KB; 5 MB leaves room for heavy pages.
MAX_ITEM_BYTES = 5 * 1024 * 1024
# One feed document: a few hundred entries with their full texts.
MAX_FEED_BYTES = 20 * 1024 * 1024
# Fewer characters of text than this is no article (a caption, a cookie notice, an error page).
MIN_TEXT_CHARS = 80

CHUNK = 64 * 1024
FILE = _("file")


def check_size(size: int, limit: int = MAX_ITEM_BYTES, what: str | Promise = FILE) -> None:
    """Refuse ``too-large`` when ``size`` bytes are over ``limit``."""
    if size > limit:
        raise too_large(size, limit, what)


def read_limited(stream: BinaryIO, limit: int = MAX_ITEM_BYTES, what: str | Promise = FILE) -> bytes:
    """All of ``stream`` when it holds at most ``limit`` bytes; ``too-large`` otherwise.

    Reads at most ``limit + 1`` bytes: the one byte more tells that the stream is over the limit
    without reading the rest of it.
    """
    parts: list[bytes] = []
    held = 0
    while held <= limit:
        part = stream.read(min(CHUNK, limit + 1 - held))
        if not part:
            break
        parts.append(part)
        held += len(part)
    if held > limit:
        raise too_large(_size_of(stream, held), limit, what)
    return b"".join(parts)


def read_file_limited(
    path: str | os.PathLike, limit: int = MAX_ITEM_BYTES, what: str | Promise = FILE
) -> bytes:
    """A file's bytes, refused from its size on disk before one byte is read when it is over ``limit``."""
    check_size(Path(path).stat().st_size, limit, what)
    with open(path, "rb") as stream:
        return read_limited(stream, limit, what)


def _size_of(stream: BinaryIO, held: int) -> int:
    """The stream's whole size when it can tell (a file), else what was read (at least limit + 1)."""
    try:
        return max(held, os.fstat(stream.fileno()).st_size)
    except (AttributeError, OSError, ValueError):
        return held
