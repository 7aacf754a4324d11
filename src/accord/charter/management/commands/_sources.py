"""The options every recording command offers to cite a source: its title or key, and optionally its
publisher and date, so that the same source cited again is found, not duplicated."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.cli import parse_date


def add_source_options(parser: Any, *, required: bool = True) -> None:
    """``--source`` with ``--publisher`` and ``--published``."""
    parser.add_argument("--source", required=required, help="a source key, or the source's title")
    parser.add_argument("--publisher", default="", help="who published the source (to find it again)")
    parser.add_argument("--published", default="", help="when the source was published, YYYY-MM-DD")


def source_details(options: dict[str, Any]) -> tuple[str, datetime.date | None]:
    """The publisher and date of publication given on the command line (a bad date exits 2)."""
    published = parse_date(options["published"], "--published") if options.get("published") else None
    return options.get("publisher") or "", published
