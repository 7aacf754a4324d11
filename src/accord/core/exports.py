"""Writing CSV that a spreadsheet opens safely.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) is run as a
formula by Excel and LibreOffice: a document title or an imported row can then fetch a web address
or run a command on the reader's machine ("CSV injection"). Every CSV Accord writes passes its cells
through :func:`spreadsheet_safe`, which puts a quote before such a cell so that it shows as the text
it is; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

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


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A CSV file line by line, every cell spreadsheet-safe: for a streamed download of any size."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in itertools.chain([header], rows):
        writer.writerow(spreadsheet_safe_row(row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def json_array(items: Iterable[Any], opening: str = "[", closing: str = "]") -> Iterator[str]:
    """A JSON array written item by item (``opening``/``closing`` wrap it in an object, as GeoJSON
    does), so that a large export is never held whole in memory."""
    yield opening
    for index, item in enumerate(items):
        yield ("," if index else "") + json.dumps(item, ensure_ascii=False, cls=DjangoJSONEncoder)
    yield closing
