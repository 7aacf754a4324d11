"""Reading and checking any input file, before anything converts what it holds.

Every file Accord reads (charter and decisions files, mapping files, event and series files, the
shipped configuration) comes through here first, so that a hostile or broken file is refused in
one place, quickly, and with one kind of message, ``FILE:LINE: field: reason``:

- a folder, a device or a missing file is named as such, and a file too large for its kind is refused
  from its size alone, before a byte of it is read;
- binary, UTF-16 and Latin-1 files are refused with the line of the first byte that is not UTF-8 text;
- YAML may not use anchors or aliases (a 400-byte file of nested aliases expands to gigabytes: the
  "billion laughs") nor nest deeper than any Accord file needs; JSON likewise may not nest deeply,
  its numbers are kept as written (so that ``3.7`` is not read as 3 nor ``1e400`` as infinity) and a
  lone surrogate is not text;
- the values read from them are checked strictly: a whole number is whole and finite, a day is a day
  and nothing after it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

KIB = 1024
MIB = 1024 * KIB
MAX_YAML_BYTES = 4 * MIB  # charter, decisions and mapping files: the shipped charter is 19 KiB
MAX_JSON_BYTES = 256 * MIB  # JSON event files are read whole
MAX_NESTING = 20  # deeper than any Accord file needs
FIELD_LIMIT = csv.field_size_limit()  # longest CSV field, in characters (128 KiB)
SNIFF_BYTES = 64 * KIB
LARGEST_COLUMN_INT = 2_147_483_647  # the largest value of a positive integer column on every database
DAY_PATTERN = (  # a day, or a day with a time of day as some data sets write it; nothing else
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"( ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?)?$"
)
DAY = re.compile(DAY_PATTERN)
UTF16_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong in an input file, and where (line 0: the file as a whole)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputFileError(Exception):
    """An input file that cannot be used; ``problems`` says what and where."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def refuse(path: Path | str, message: str, line: int = 0, field: str = "") -> InputFileError:
    """The error for one problem (to ``raise``)."""
    return InputFileError([FileProblem(str(path), line, field, message)])


def dotted(path: Path_) -> str:
    """``statuses[3].state`` from ``("statuses", 3, "state")``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# ---------------------------------------------------------------------------------------------
# The file itself: what it is, how large, and whether it is UTF-8 text
# ---------------------------------------------------------------------------------------------


def check_input_file(path: Path, *, limit: int | None = None, what: str = "file") -> int:
    """The file's size, once it is known to be a readable regular file within ``limit`` bytes whose
    beginning is UTF-8 text; raises :class:`InputFileError` otherwise. Reads at most 64 KiB.
    """
    try:
        status = path.stat()
    except FileNotFoundError:
        raise refuse(path, "no such file") from None
    except OSError as error:
        raise refuse(path, f"cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(status.st_mode):
        raise refuse(path, f"is a folder, not a {what}")
    if not stat.S_ISREG(status.st_mode):
        raise refuse(path, f"is not a regular file (a device or a pipe?), not a {what}")
    if limit is not None and status.st_size > limit:
        raise refuse(
            path, f"{status.st_size:,} bytes is more than a {what} may have ({limit:,} bytes): refused unread"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise refuse(path, f"cannot be read ({error.strerror})") from None
    check_text_bytes(path, head, final=len(head) == status.st_size)
    return status.st_size


def check_text_bytes(path: Path, data: bytes, *, final: bool) -> None:
    """Refuse bytes that are not UTF-8 text: UTF-16 or -32, binary (NUL bytes), or another encoding."""
    if data.startswith(UTF16_MARKS):
        raise refuse(path, "is UTF-16 or UTF-32 text: save it as UTF-8", 1)
    nul = data.find(b"\x00")
    if nul >= 0 and (data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4):
        raise refuse(path, "is UTF-16 text without a byte order mark: save it as UTF-8", 1)
    problem = bad_text_in(path, data, codecs.getincrementaldecoder("utf-8")(), 1, final=final)
    if problem:
        raise problem


def bad_text_in(
    path: Path, chunk: bytes, decoder: codecs.IncrementalDecoder, line: int, *, final: bool
) -> InputFileError | None:
    """The first byte of ``chunk`` (starting on ``line``) that is not UTF-8 text, as a problem."""
    nul = chunk.find(b"\x00")
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(chunk if nul < 0 else chunk[:nul], final and nul < 0)
    except UnicodeDecodeError as error:
        at = max(0, error.start - pending)
        byte = error.object[error.start]
        return refuse(
            path,
            f"byte 0x{byte:02x} is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8",
            line + chunk.count(b"\n", 0, at),
        )
    if nul >= 0:
        return refuse(path, "holds a NUL byte: a binary file, not text", line + chunk.count(b"\n", 0, nul))
    return None


def first_bad_text(path: Path) -> InputFileError | None:
    """The first place a file stops being UTF-8 text, found by reading it again a chunk at a time: for
    the readers that stream a file and meet the bad byte somewhere in its middle.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(MIB):
            problem = bad_text_in(path, chunk, decoder, line, final=False)
            if problem:
                return problem
            line += chunk.count(b"\n")
    return bad_text_in(path, b"", decoder, line, final=True)


def read_text(path: Path, *, limit: int, what: str = "file") -> str:
    """A whole file as text, once it is known to be a UTF-8 text file of at most ``limit`` bytes."""
    check_input_file(path, limit=limit, what=what)
    data = path.read_bytes()[: limit + 1]
    if len(data) > limit:  # grown since it was measured
        raise refuse(path, f"is more than a {what} may have ({limit:,} bytes): refused")
    check_text_bytes(path, data, final=True)
    return data.decode("utf-8-sig")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in large chunks: tells whether a data set changed since it was loaded."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_output_path(path: Path) -> None:
    """Refuse, before any work, to write to a file whose folder does not exist, or to a folder."""
    folder = path.parent
    if path.is_dir():
        raise refuse(path, "is a folder: name the file to write")
    if not folder.is_dir():
        missing = "is not a folder" if folder.exists() else "does not exist"
        raise refuse(path, f"cannot be written: the folder {folder} {missing}")
    if not os.access(folder, os.W_OK):
        raise refuse(path, f"cannot be written: the folder {folder} is not writable")


# ---------------------------------------------------------------------------------------------
# YAML: no anchors, no aliases, no deep nesting
# ---------------------------------------------------------------------------------------------


class YamlRefused(yaml.MarkedYAMLError):
    """Valid YAML that Accord does not accept (an alias, an anchor, deep nesting)."""


class GuardedLoader(yaml.SafeLoader):
    """The safe loader with a composer that refuses aliases and anchors and counts nesting.

    An alias lets a few hundred bytes stand for gigabytes once expanded, and nothing in Accord's files
    needs one; refusing them while composing means nothing is ever expanded.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise refused_yaml(f"aliases (*{event.anchor}) are not accepted: write the value out", event)
        if getattr(event, "anchor", None):
            raise refused_yaml(f"anchors (&{event.anchor}) are not accepted: write the value out", event)
        self.depth += 1
        try:
            if self.depth > MAX_NESTING:
                raise refused_yaml(f"nested more than {MAX_NESTING} levels deep", event)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def refused_yaml(reason: str, event: yaml.Event) -> YamlRefused:
    return YamlRefused(None, None, reason, event.start_mark)


def compose_yaml(text: str, file: str) -> yaml.Node | None:
    """The YAML document as nodes (with their lines), refusing what :class:`GuardedLoader` refuses."""
    loader = GuardedLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as error:
        raise yaml_problem(error, file) from None
    finally:
        loader.dispose()


def yaml_problem(error: yaml.YAMLError, file: str) -> InputFileError:
    """A YAML error as a problem with its line."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else 0
    reason = getattr(error, "problem", None) or str(error)
    if not isinstance(error, YamlRefused):
        reason = f"not valid YAML: {reason}"
    return refuse(file, reason, line)


def load_yaml_data(path: Path, *, limit: int = MAX_YAML_BYTES) -> Any:
    """A YAML file as plain values (the safe loader's types), checked as :func:`compose_yaml` does."""
    text = read_text(path, limit=limit, what="YAML file")
    loader = GuardedLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        raise yaml_problem(error, str(path)) from None
    finally:
        loader.dispose()


class MarkedYaml:
    """YAML turned into plain values, remembering the line of every value by its path.

    Scalars stay text, so that a schema does all the typing (``3.7`` is not silently a float).
    """

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[FileProblem] = []
        node = compose_yaml(text, file)
        if node is None:
            raise refuse(file, "the file is empty", 1)
        self.value = self.convert(node, ())
        if self.problems:
            raise InputFileError(self.problems)

    @classmethod
    def read(cls, path: Path, *, limit: int = MAX_YAML_BYTES, what: str = "YAML file") -> MarkedYaml:
        """A YAML file, checked as a file first."""
        return cls(read_text(path, limit=limit, what=what), str(path))

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        """Plain Python from a node; repeated keys are problems."""
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in result:
                    self.problems.append(
                        FileProblem(
                            self.file,
                            key_node.start_mark.line + 1,
                            dotted((*path, key)),
                            "this key appears twice in the same section",
                        )
                    )
                result[key] = self.convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return node.value

    def line_of(self, path: Iterable[str | int]) -> int:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        parts = tuple(path)
        while parts and parts not in self.lines:
            parts = parts[:-1]
        return self.lines.get(parts, 1)


def schema_problem(marked: MarkedYaml, error: dict[str, Any]) -> FileProblem:
    """A pydantic error as a problem with the line it points at."""
    location = tuple(
        part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-"))
    )
    message = error["msg"]
    if error["type"] == "missing":
        message = "required field is missing"
    elif error["type"] == "extra_forbidden":
        message = "unknown field (check its spelling against the file format)"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    elif error["type"] == "literal_error":
        message = f"{error.get('input')!r} is not allowed: {message.removeprefix('Input should be ')}"
    return FileProblem(marked.file, marked.line_of(location), dotted(location), message)


# ---------------------------------------------------------------------------------------------
# JSON: records with their lines, numbers as written, no deep nesting, no lone surrogates
# ---------------------------------------------------------------------------------------------

JSON_DECODER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)
JSON_SPACE = re.compile(r"[ \t\n\r]*")


def json_records(path: Path, *, limit: int = MAX_JSON_BYTES) -> Iterator[tuple[int, Any]]:
    """The items of a file holding one JSON list, each with the line it starts on.

    Numbers (and ``NaN``/``Infinity``) are kept as the text written, for the reader to check.
    """
    text = read_text(path, limit=limit, what="JSON file")
    position = JSON_SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if not text.startswith("[", position):
        raise refuse(path, "expected a list of records: [{...}, {...}]", line_at(text, position), "json")
    position = JSON_SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    line = 1 + text.count("\n", 0, position)
    counted = position
    if text.startswith("]", position):
        return
    while True:
        line += text.count("\n", counted, position)
        counted = position
        value, position = decode_json_value(path, text, position, line)
        check_json_value(path, value, line, (), 1)
        yield line, value
        position = JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith("]", position):
            break
        if not text.startswith(",", position):
            raise refuse(path, "expected ',' or ']' after a record", line_at(text, position), "json")
        position = JSON_SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
    if JSON_SPACE.match(text, position + 1).end() != len(text):  # type: ignore[union-attr]
        raise refuse(path, "text after the end of the list", line_at(text, position + 1), "json")


def line_at(text: str, position: int) -> int:
    return 1 + text.count("\n", 0, position)


def decode_json_value(path: Path, text: str, position: int, line: int) -> tuple[Any, int]:
    """One JSON value from ``position``; a syntax error or runaway nesting is a problem."""
    try:
        return JSON_DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise refuse(path, f"not valid JSON: {error.msg}", error.lineno, "json") from None
    except RecursionError:
        raise refuse(path, f"nested more than {MAX_NESTING} levels deep", line, "json") from None


def check_json_value(path: Path, value: Any, line: int, where: Path_, depth: int) -> None:
    """No nesting deeper than ``MAX_NESTING`` and no string that is not text (a lone surrogate)."""
    if depth > MAX_NESTING:
        raise refuse(path, f"nested more than {MAX_NESTING} levels deep", line, dotted(where) or "json")
    if isinstance(value, str):
        check_json_text(path, value, line, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_json_text(path, key, line, where)
            check_json_value(path, item, line, (*where, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json_value(path, item, line, (*where, index), depth + 1)


def check_json_text(path: Path, value: str, line: int, where: Path_) -> None:
    """Text the database can keep: no lone surrogate, no NUL, no field longer than a CSV's may be."""
    field = dotted(where) or "json"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise refuse(path, "a lone surrogate (\\ud800-\\udfff) is not text", line, field) from None
    if "\x00" in value:
        raise refuse(path, "a NUL character is not text", line, field)
    if len(value) > FIELD_LIMIT:
        raise refuse(path, f"a value longer than {FIELD_LIMIT:,} characters", line, field)


# ---------------------------------------------------------------------------------------------
# CSV rows
# ---------------------------------------------------------------------------------------------


def csv_rows(path: Path, reader: Any) -> Iterator[tuple[int, Any]]:
    """A CSV reader's rows with the line each starts on (a quoted value may hold line breaks, so rows
    are not lines); a field over the size limit or a byte that is not UTF-8 refuses the file there.
    """
    start = reader.line_num + 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        reason = str(error)
        if "field larger than field limit" in reason:
            reason = f"a field longer than {FIELD_LIMIT:,} characters"
        raise refuse(path, f"cannot be read as CSV: {reason}", start) from None
    except UnicodeDecodeError:
        raise (first_bad_text(path) or refuse(path, "is not UTF-8 text", start)) from None


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


def whole_number(text: str, *, maximum: int = LARGEST_COLUMN_INT) -> int:
    """A whole number from 0 to ``maximum``, written as such (``3``, ``3.0``): ``3.7``, ``1e400``,
    ``NaN`` and ``inf`` are refused, never rounded; raises ValueError with the reason.
    """
    text = text.strip()
    try:
        if not text.isascii():
            raise InvalidOperation
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    if value < 0:
        raise ValueError(f"{text} is negative")
    if value > maximum:
        raise ValueError(f"{text} is too large (at most {maximum})")
    if value != value.to_integral_value():
        raise ValueError(f"{text} is not a whole number")
    return int(value)


def iso_day(text: str) -> datetime.date:
    """A day written YYYY-MM-DD (a time of day after it is allowed and dropped); raises ValueError."""
    match = DAY.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    try:
        return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
