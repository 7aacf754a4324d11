"""Where monitoring may read files on the server: inside the configured folders, and nowhere else.

A watched folder or a feed file is named by whoever keeps the sources; the server's other files (its
keys, its database, other users' uploads) must stay out of reach whatever they type. A path is
resolved first (``..`` removed, symbolic links followed) and then must lie inside one of
``settings.MONITORING_FOLDERS``, itself resolved: a link inside a root leading out of it is refused.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings


def roots() -> list[Path]:
    """The folders monitoring may read, resolved."""
    return [Path(folder).expanduser().resolve() for folder in settings.MONITORING_FOLDERS]


def inside_roots(path: str | Path) -> Path | None:
    """``path`` resolved, when it lies inside a monitoring root; None otherwise (or when it is relative)."""
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        return None
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):  # a loop of links, a name too long
        return None
    return resolved if any(resolved.is_relative_to(root) for root in roots()) else None


def file_path_of(address: str) -> str | None:
    """The path a ``file:`` address names (``file:///srv/feed.xml``), or None for any other address."""
    parts = urlsplit(address)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return unquote(parts.path)


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved) stays inside ``folder`` (resolved): no link leads out of a folder."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False
