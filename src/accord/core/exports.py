"""Writing CSV that a spreadsheet opens safely.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is run as a
formula by Excel and LibreOffice: a document title or an imported row can then fetch a web address
or run a command on the reader's machine ("CSV injection"). Every CSV Accord writes passes its cells
through :func:`spreadsheet_safe`, which puts a quote before such a cell so that it shows as the text
it is; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text a spreadsheet would run gets a leading quote."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def spreadsheet_safe_row(cells: Iterable[Any]) -> list[Any]:
    """A row of cells for ``csv.writer``."""
    return [spreadsheet_safe(cell) for cell in cells]


def spreadsheet_safe_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row for ``csv.DictWriter``."""
    return {key: spreadsheet_safe(value) for key, value in row.items()}
