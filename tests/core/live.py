"""A real Accord on a real SQLite file, for the tests that need a second process to hold the write lock,
and for the browser tests that log in to it.

The test database of pytest-django lives in memory and belongs to the test process alone, so it
cannot show what another process's long import does to Accord. These helpers run Accord's own
console script against a database file in a temporary data folder, start its server, and hold the
file's write lock from a plain ``sqlite3`` connection, as a long import does. :func:`log_in` logs a
browser page in to that server with both factors, as a person does.
"""

from __future__ import annotations

import base64
import json
import os
import pty
import re
import select
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

ACCORD = str(Path(sys.executable).with_name("accord"))
SOURCE = Path(__file__).resolve().parents[2] / "src"
PASSWORD = "correct horse battery staple"

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite has a single writer; PostgreSQL's row locks do not make an import block other writes",
)


def accord_environment(data_dir: Path) -> dict[str, str]:
    """The environment of an Accord that keeps everything, its SQLite file too, in ``data_dir``."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment["ACCORD_DATA_DIR"] = str(data_dir)
    environment["PYTHONPATH"] = str(SOURCE)
    return environment


def run_accord(
    environment: dict[str, str], *arguments: str, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``accord ARGUMENTS`` and return what it printed and its status."""
    return subprocess.run(
        [ACCORD, *arguments], env=environment, capture_output=True, text=True, timeout=timeout, check=False
    )


@dataclass(frozen=True)
class AccordData:
    """A data folder Accord was set up in, and the environment that points Accord at it."""

    data_dir: Path
    environment: dict[str, str]

    @property
    def database(self) -> Path:
        return self.data_dir / "accord.sqlite3"


def set_up(environment: dict[str, str]) -> None:
    """``accord setup`` without demo data, as a user sets Accord up."""
    done = run_accord(environment, "setup", "--no-demo-admin", "--no-demo-data")
    assert done.returncode == 0, done.stderr


def create_officer(environment: dict[str, str], name: str = "officer") -> None:
    """A Secretariat officer with SECRET clearance and the shared test password."""
    done = run_accord(
        environment,
        "createuser",
        name,
        "--role",
        "secretariat-officer",
        "--clearance",
        "secret",
        "--password",
        PASSWORD,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


class AtATerminal:
    """An ``accord`` command whose messages go to a terminal, as when a person runs it by hand.

    A command says "waiting for another write" only to a person, so a test can wait for that line
    to know that the command has met the lock, instead of sleeping and hoping.
    """

    def __init__(self, environment: dict[str, str], *arguments: str) -> None:
        self.terminal, their_end = pty.openpty()
        self.process = subprocess.Popen(
            [ACCORD, *arguments], env=environment, stdout=subprocess.PIPE, stderr=their_end, text=True
        )
        os.close(their_end)
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 120) -> None:
        """Read the terminal until ``text`` appears (or the command ends, or time runs out)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            ready, _, _ = select.select([self.terminal], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"{text!r} did not appear; the terminal shows {self.seen!r}")
            try:
                chunk = os.read(self.terminal, 4096)
            except OSError:  # the command ended and closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"the command ended without {text!r}: {self.seen!r}")
            self.seen += chunk.decode("utf-8", errors="replace")

    def finish(self, timeout: float = 120) -> tuple[int, str, list[str]]:
        """Its status, what it printed, and the lines it showed on the terminal."""
        out, _ = self.process.communicate(timeout=timeout)
        with suppress(OSError):
            while chunk := os.read(self.terminal, 4096):
                self.seen += chunk.decode("utf-8", errors="replace")
        os.close(self.terminal)
        return self.process.returncode, out, [line for line in self.seen.splitlines() if line.strip()]


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """Hold the database's write lock, as a long import's single transaction does, until the block ends."""
    holder = sqlite3.connect(database, isolation_level=None, timeout=30)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(environment: dict[str, str], data_dir: Path) -> Iterator[str]:
    """Accord's server on loopback; yields its address."""
    port = free_port()
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [ACCORD, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.2)
            else:
                raise AssertionError(f"Accord did not start: {log_path.read_text()[-2000:]}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


@dataclass
class Answer:
    """An HTTP answer, and how long it took."""

    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body)


def http(
    url: str, *, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None
) -> Answer:
    """One request; 4xx and 5xx are answers too."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, found, content = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, found, content = error.code, dict(error.headers), error.read()
    return Answer(status, found, content, time.monotonic() - started)


SECOND_FACTOR_SETUP = "/accounts/two-factor/setup/"


def current_code(secret: str) -> str:
    """The code an authenticator shows now for the base32 ``secret`` the setup page prints."""
    from django_otp.oath import totp

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def log_in(
    page: Page,
    server: str,
    username: str,
    first_page: str,
    *,
    only_if_asked: bool = False,
    recovery_codes: bool = False,
) -> None:
    """Log ``username`` in to the live ``server`` through its pages, as a person does: the password,
    then ``first_page``, which sends a user without a second factor to set one up with the code an
    authenticator would show (one helper, so every browser test logs in the same way).

    ``only_if_asked``: a user who may have set it up already goes on to ``first_page`` (the offers'
    liaisons log in twice); otherwise the setup page must come. ``recovery_codes``: wait for the page
    of recovery codes that ends the setup.
    """
    from playwright.sync_api import expect

    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{server}{first_page}")
    if only_if_asked:
        if SECOND_FACTOR_SETUP not in page.url:
            return
    else:
        expect(page).to_have_url(re.compile(re.escape(SECOND_FACTOR_SETUP)))
    secret = page.locator("main code").first.inner_text().strip()
    page.fill("input[name=code]", current_code(secret))
    page.click("main button[type=submit]")
    if recovery_codes:
        expect(page.locator("main h1")).to_have_text("Recovery codes")
