"""The ``accord`` console script, run as a user runs it, against its own fresh SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ACCORD = str(Path(sys.executable).with_name("accord"))


@pytest.fixture(scope="module")
def accord(tmp_path_factory):
    """Run ``accord`` with a data folder of its own, set up once for the module."""
    data_dir = tmp_path_factory.mktemp("accord-data")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment["ACCORD_DATA_DIR"] = str(data_dir)

    def run(*arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [ACCORD, *arguments], capture_output=True, text=True, env=environment, timeout=120
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"accord {' '.join(arguments)} failed ({result.returncode}):\n{result.stderr}"
            )
        return result

    run("setup", "--no-demo-admin", "--no-demo-data")
    return run


def as_json(result: subprocess.CompletedProcess) -> dict:
    payload = json.loads(result.stdout)
    assert isinstance(payload, dict)
    assert isinstance(payload["reasons"], list)
    return payload


def test_setup_twice_changes_nothing(accord):
    result = accord("setup", "--no-demo-admin", "--no-demo-data")
    assert "nothing changed" in result.stdout
    assert "0 states created, 0 updated; conflict data unchanged" in result.stdout


def test_chair_json(accord):
    payload = as_json(accord("chair", "2019", "--json"))
    assert payload["year"] == 2019
    assert payload["state"] == "KGZ"
    assert payload["projected"] is False
    assert payload["reasons"] == ["Kyrgyzstan chairs in 2019 (recorded)."]
    assert payload["sources"] == ["seed-003"]


def test_chair_text_for_a_projected_year(accord):
    result = accord("chair", "2022")
    assert result.stdout.splitlines()[0] == "Chair in 2022: Armenia (ARM) (projected)"
    assert (
        "Uzbekistan is skipped in 2022: its status (participation suspended) gives it no turn."
        in result.stdout
    )


def test_chair_in_russian(accord):
    result = accord("chair", "2020", "--language", "ru")
    assert "Россия" in result.stdout


def test_post_json_on_dates_in_2018_2019_2020(accord):
    holders = {
        on: as_json(accord("post", "secretary-general", "--on", on, "--json"))["holder"]
        for on in ("2018-06-01", "2019-06-01", "2020-06-01")
    }
    assert holders["2018-06-01"]["person"] == "Yuri Khachaturov"
    assert holders["2019-06-01"]["person"] == "Valery Semerikov" and holders["2019-06-01"]["acting"] is True
    assert holders["2020-06-01"]["person"] == "Stanislav Zas" and holders["2020-06-01"]["state"] == "BLR"


def test_post_projected_json(accord):
    payload = as_json(accord("post", "secretary-general", "--on", "2024-03-01", "--json"))
    assert payload["projected"] is True
    assert payload["holder"]["state"] == "KAZ"
    assert (payload["holder"]["from"], payload["holder"]["until"]) == ("2023-01-01", "2025-12-31")


def test_statuses_json(accord):
    payload = as_json(accord("statuses", "--on", "2020-05-15", "--json"))
    assert payload["statuses"]["UZB"] == "suspended"
    assert sorted(code for code, status in payload["statuses"].items() if status == "member") == [
        "ARM",
        "BLR",
        "KAZ",
        "KGZ",
        "RUS",
        "TJK",
    ]


def test_instruments_pending_json(accord):
    payload = as_json(accord("instruments", "--pending", "--on", "2020-05-15", "--json"))
    [instrument] = payload["instruments"]
    assert instrument["key"] == "partners-observers"
    assert instrument["in_force"] is False
    assert instrument["missing"] == ["TJK"]
    assert "Tajikistan had not ratified it by 2020-05-15." in payload["reasons"]


def test_eligible_by_english_name(accord):
    payload = as_json(accord("eligible", "Serbia", "observer", "--on", "2020-05-15", "--json"))
    assert payload["state"] == "SRB"
    assert payload["answer"] == "not-eligible"
    assert {item["key"]: item["result"] for item in payload["criteria"]}["statuses-in-force"] == "not-met"


def test_ratify_then_in_force(accord):
    recorded = accord(
        "ratify",
        "partners-observers",
        "Tajikistan",
        "--on",
        "2021-04-20",
        "--source",
        "Test record of the ratification",
    )
    assert "Recorded: TJK ratified partners-observers on 2021-04-20." in recorded.stdout
    payload = as_json(accord("instruments", "--on", "2021-05-01", "--json"))
    statuses = {item["key"]: item["in_force"] for item in payload["instruments"]}
    assert statuses["partners-observers"] is True


def test_appoint_ends_the_previous_open_appointment(accord):
    accord(
        "appoint",
        "secretary-general",
        "Imangali Tasmagambetov",
        "--state",
        "KAZ",
        "--from",
        "2023-01-01",
        "--source",
        "Test record of the appointment",
    )
    before = as_json(accord("post", "secretary-general", "--on", "2022-12-31", "--json"))["holder"]
    after = as_json(accord("post", "secretary-general", "--on", "2023-06-01", "--json"))["holder"]
    assert before["person"] == "Stanislav Zas" and before["until"] == "2022-12-31"
    assert after["person"] == "Imangali Tasmagambetov" and after["projected"] is False


def test_relation_recording(accord):
    result = accord("relation", "SRB", "RUS", "--since", "2006-06-05", "--source", "Test source")
    assert "Recorded: diplomatic relations between SRB and RUS." in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("chair", "twenty"),
            "accord chair: error: year 'twenty' is not understood: expected a year from 1900 to 2100",
        ),
        (
            ("chair", "10000"),
            "accord chair: error: year '10000' is not understood: expected a year from 1900 to 2100",
        ),
        (
            ("chair", "0999"),
            "accord chair: error: year '0999' is not understood: expected a year from 1900 to 2100",
        ),
        (
            ("post", "secretary-general", "--on", "9999-12-31"),
            "accord post: error: --on '9999-12-31' is not a date: expected a date between 1900-01-01 and 2100-12-31",
        ),
        (
            ("post", "secretary-general", "--on", "2020-05-15 garbage"),
            "accord post: error: --on '2020-05-15 garbage' is not a date: expected YYYY-MM-DD",
        ),
        (
            ("ratify", "partners-observers", "KAZ", "--on", "0001-01-01", "--source", "x"),
            "accord ratify: error: --on '0001-01-01' is not a date: expected a date between 1900-01-01",
        ),
        (
            ("ratify", "partners-observers", "KAZ", "--on", "2020-01-01", "--source", "s" * 501),
            "accord ratify: error: source: title: Ensure this value has at most 500 characters",
        ),
        (
            ("appoint", "secretary-general", "Name\udcff", "--state", "KAZ", "--from", "2024-01-01"),
            "accord appoint: error: person: contains a character that is not valid Unicode",
        ),
        (
            ("ratify", "partners-observers", "\udcff", "--on", "2020-01-01", "--source", "x"),
            "accord ratify: error: state: contains a character that is not valid Unicode",
        ),
        (
            ("sitrep", "--date", "0001-01-01", "--out", "report.html"),
            "accord sitrep: error: --date '0001-01-01' is not a date: expected a date between 1900-01-01",
        ),
        (
            ("post", "secretary-general", "--on", "15.05.2020"),
            "accord post: error: --on '15.05.2020' is not a date: expected YYYY-MM-DD",
        ),
        (("eligible", "Atlantis", "observer"), "accord eligible: error: unknown state 'Atlantis'"),
        (("eligible", "SRB", "friend"), "accord eligible: error: argument status: invalid choice: 'friend'"),
        (("post", "janitor"), "accord post: error: unknown post 'janitor'"),
        (
            ("ratify", "no-such", "KAZ", "--on", "2020-01-01", "--source", "x"),
            "accord ratify: error: unknown instrument 'no-such'",
        ),
        (
            ("load-charter", "/nonexistent/charter.yaml"),
            "accord load-charter: error: 1 problem(s), nothing was written:",
        ),
    ],
)
def test_bad_input_exits_2_with_a_clear_error(accord, arguments, message):
    result = accord(*arguments, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_misconfiguration_fails_at_start_with_what_to_set(tmp_path):
    environment = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_MODE": "production"}
    environment.pop("ACCORD_SECRET_KEY", None)
    result = subprocess.run(
        [ACCORD, "chair", "2020"], capture_output=True, text=True, env=environment, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "accord: configuration error: ACCORD_SECRET_KEY is required in production mode"
    )


def test_a_refused_write_writes_nothing(accord):
    def records() -> int:
        return as_json(accord("audit", "verify", "--json"))["checked"]

    before = records()
    for arguments in (
        ("ratify", "partners-observers", "KAZ", "--on", "2020-01-01", "--source", "s" * 501),
        (
            "appoint",
            "secretary-general",
            "Name\udcff",
            "--state",
            "KAZ",
            "--from",
            "2024-01-01",
            "--source",
            "New",
        ),
        ("relation", "SRB", "RUS", "--since", "0001-01-01", "--source", "New source"),
    ):
        assert accord(*arguments, check=False).returncode == 2
    assert records() == before
