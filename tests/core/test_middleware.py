"""While another process holds SQLite's write lock (a long import), reads answer at once and writes
answer 503 with ``Retry-After`` within a few seconds; a read of a SECRET record is logged all the same.

These run a real Accord server on a real database file: the lock is held by a second connection,
exactly as ``accord events import`` holds it for the length of its one transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
import stat
import urllib.parse
from collections.abc import Iterator

import pytest

from tests.core.live import (
    PASSWORD,
    AccordData,
    http,
    run_accord,
    running_server,
    sqlite_only,
    write_lock_held,
)

pytestmark = sqlite_only
FEW_SECONDS = 8


class LiveAccord:
    """A running Accord and what the tests need from it: its address, its database and its tokens."""

    def __init__(self, address: str, data: AccordData) -> None:
        self.address = address
        self.data_dir = data.data_dir
        self.environment = data.environment
        self.database = data.database

    def token(self, *scopes: str) -> str:
        arguments = ["token", "--json", "create", "officer", "--name", "live test"]
        for scope in scopes:
            arguments += ["--scope", scope]
        done = run_accord(self.environment, *arguments)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["token"]

    def api(self, path: str, token: str, payload: dict | None = None):
        headers = {"Authorization": f"Bearer {token}"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        return http(
            f"{self.address}/api/v1{path}",
            method="POST" if payload is not None else "GET",
            headers=headers,
            body=json.dumps(payload).encode() if payload is not None else None,
        )

    def query(self, sql: str, *parameters: object) -> list[tuple]:
        with sqlite3.connect(self.database) as reader:
            return reader.execute(sql, parameters).fetchall()


@pytest.fixture(scope="module")
def accord(accord_data: AccordData) -> Iterator[LiveAccord]:
    with running_server(accord_data.environment, accord_data.data_dir) as address:
        yield LiveAccord(address, accord_data)


def secret_document(accord: LiveAccord) -> int:
    """A SECRET document, recorded through the API before the lock is taken."""
    token = accord.token("decisions:document:add")
    answer = accord.api(
        "/decisions/documents",
        token,
        {"kind": "decision", "title_en": "Deployment plan", "date": "2024-05-01", "classification": 3},
    )
    assert answer.status == 201, answer.body
    return answer.json()["id"]


def test_token_reads_answer_at_once_while_an_import_holds_the_lock(accord):
    token = accord.token("decisions:document:view")  # never used: its first use would be recorded
    with write_lock_held(accord.database):
        for _ in range(3):
            answer = accord.api("/decisions/documents/count", token)
            assert answer.status == 200, answer.body
            assert answer.seconds < 4, (
                "a read never waits for the lock (a wait would last the 5 s write timeout)"
            )
    used = accord.query("SELECT last_used_at FROM accounts_apitoken WHERE prefix = ?", token.split("_")[1])
    assert used == [(None,)]  # the lock was not free: the hint was skipped, not waited for
    assert accord.api("/decisions/documents/count", token).status == 200
    used = accord.query("SELECT last_used_at FROM accounts_apitoken WHERE prefix = ?", token.split("_")[1])
    assert used[0][0] is not None  # the lock is free again: the use is noted


def test_an_api_write_answers_503_with_retry_after_within_a_few_seconds(accord):
    token = accord.token("decisions:document:add")
    with write_lock_held(accord.database):
        answer = accord.api(
            "/decisions/documents", token, {"kind": "decision", "title_en": "Busy", "date": "2024-05-01"}
        )
    assert answer.status == 503, answer.body
    assert answer.seconds < FEW_SECONDS
    assert int(answer.headers["Retry-After"]) > 0
    assert "busy" in answer.json()["detail"]
    assert accord.query("SELECT count(*) FROM decisions_document WHERE title_en = 'Busy'") == [(0,)]


def test_a_page_write_answers_a_503_page_with_retry_after(accord):
    login_page = http(f"{accord.address}/accounts/login/")
    cookie = re.search(r"csrftoken=([^;]+)", login_page.headers["Set-Cookie"]).group(1)
    form_token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.body).group(1)
    form = {"csrfmiddlewaretoken": form_token.decode(), "username": "visitor", "password": PASSWORD}
    with write_lock_held(accord.database):
        answer = http(
            f"{accord.address}/accounts/login/",
            method="POST",
            headers={"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
            body=urllib.parse.urlencode(form).encode(),
        )
    assert answer.status == 503, answer.body[:2000]
    assert answer.seconds < FEW_SECONDS
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.headers["Content-Type"].startswith("text/html")
    assert b"busy" in answer.body and b"<main" in answer.body


def test_a_secret_read_answers_at_once_and_its_read_is_not_lost(accord):
    document = secret_document(accord)
    token = accord.token("decisions:document:view")
    accord.api("/decisions/documents/count", token)  # the token's use is already noted
    logged = "SELECT actor_name, via, classification FROM core_readrecord WHERE object_id = ?"
    with write_lock_held(accord.database):
        answer = accord.api(f"/decisions/documents/{document}", token)
        assert answer.status == 200, answer.body
        assert answer.seconds < 4, "a read never waits for the lock (a wait would last the 5 s write timeout)"
        assert answer.json()["title_en"] == "Deployment plan"
    assert accord.query(logged, str(document)) == []
    journal = next(accord.data_dir.glob("*read-journal*"))
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    # The next writer folds the journal into the read log.
    secret_document(accord)
    assert accord.query(logged, str(document)) == [("officer", "api", 3)]
    assert journal.stat().st_size == 0
