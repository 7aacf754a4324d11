"""Hostile input files, written for real into a test's folder, and a way to run a reader on one in a
separate process with a time and memory limit (a reader that expands a YAML bomb must fail the test,
not hang the suite or exhaust the machine).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

MEMORY_LIMIT = 1536 * 1024 * 1024
LOL_LEVELS = 10


def billion_laughs_yaml(top_key: str = "organization") -> str:
    """Ten levels of nine aliases each: under 450 bytes that expand to 9**10 values."""
    names = "abcdefghij"[:LOL_LEVELS]
    lines = ["a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    for level in range(1, LOL_LEVELS):
        aliases = ",".join([f"*{names[level - 1]}"] * 9)
        lines.append(f"{names[level]}: &{names[level]} [{aliases}]")
    lines.append(f"{top_key}: *{names[-1]}")
    return "\n".join(lines) + "\n"


def deeply_nested_yaml(depth: int = 5000) -> str:
    return "organization: " + "[" * depth + "]" * depth + "\n"


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def utf16_file(folder: Path, name: str, text: str) -> Path:
    return write_bytes(folder, name, text.encode("utf-16"))


def latin1_file(folder: Path, name: str, text: str) -> Path:
    return write_bytes(folder, name, text.encode("latin-1"))


def binary_file(folder: Path, name: str) -> Path:
    return write_bytes(folder, name, b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)


def oversized_file(folder: Path, name: str, size: int) -> Path:
    """A sparse file of ``size`` bytes (made at once, takes no disk)."""
    path = folder / name
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def limits(umask: int | None) -> Callable[[], None]:
    def apply() -> None:  # pragma: no cover - runs in the child process
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if umask is not None:
            os.umask(umask)

    return apply


def run_limited(code: str, *arguments: str, timeout: float = 60, umask: int | None = None) -> dict:
    """Run ``code`` (which prints one JSON object last) in a fresh Python with Django set up, at most
    ``timeout`` seconds and 1.5 GB; the JSON it printed. A hang or a crash fails the calling test.
    """
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="accord.settings",
        ACCORD_DATA_DIR=str(Path(arguments[0]).parent / "accord-data") if arguments else "",
        PYTHONPATH=os.pathsep.join(sys.path),
    )
    prelude = "import django, json, sys, time\ndjango.setup()\n"
    try:
        result = subprocess.run(
            [sys.executable, "-c", prelude + code, *arguments],
            capture_output=True,
            text=True,
            env=environment,
            timeout=timeout,
            preexec_fn=limits(umask),
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running after {timeout} s: the file was not refused") from None
    if result.returncode != 0:
        raise AssertionError(f"the reader failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
