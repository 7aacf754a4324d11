"""Schemathesis against a real Accord: no server error, and every answer as the OpenAPI spec says.

A fresh data folder is set up the way a user sets it up (``accord setup``, demo data included), an
observer state is added to the charter so that its liaison officer exists, and one user per role
gets a token with every scope. ``accord runserver`` then serves the API on a free loopback port and
``schemathesis run`` fuzzes /api/v1/openapi.json once per token and once anonymously, with a bounded
number of examples per operation. The fuzzing writes only to that throw-away folder.

Usage: .venv/bin/python .ci/api_fuzz.py [--max-examples N] [--seed N] [--only NAME] [--all-phases]
                                         [-- more schemathesis arguments]
Exits 0 when every run passed, 1 otherwise; prints the time and the outcome of each run, and the
server's tracebacks when a run failed. ACCORD_FUZZ_KEEP=1 keeps the data folder to look into.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ACCORD = str(BIN / "accord")
SCHEMATHESIS = str(BIN / "schemathesis")
CSTO_CHARTER = ROOT / "src" / "accord" / "data" / "csto" / "charter.yaml"
FULL_PHASES = "examples,coverage,fuzzing,stateful"
ROLE_PHASES = "fuzzing,stateful"
GENERATED = re.compile(r"^\s*(\d+) generated")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
OBSERVER = {"state": "AFG", "status": "observer", "from": "2022-01-01", "sources": ["seed-002"]}
# (username, role, affiliation arguments, clearance)
IDENTITIES = [
    ("fuzz-admin", "administrator", [], "secret"),
    ("fuzz-secretariat", "secretariat-officer", [], "secret"),
    ("fuzz-crc", "crc-duty-officer", ["--body", "crisis-response-center"], "secret"),
    ("fuzz-liaison-member", "liaison-officer", ["--state", "KAZ"], "secret"),
    ("fuzz-liaison-observer", "liaison-officer", ["--state", "AFG"], "secret"),
    ("fuzz-reader", "reader", ["--state", "KAZ"], "restricted"),
]
# Every scope a token may have, asked of Accord itself so that a new scope is fuzzed too.
SCOPES = "from accord.accounts.tokens import KNOWN_SCOPES; print(' '.join(KNOWN_SCOPES))"


class Run(NamedTuple):
    """The outcome of one schemathesis run."""

    name: str
    passed: bool
    cases: int
    seconds: float


def accord(environment: dict[str, str], *arguments: str) -> str:
    """Run an ``accord`` command in the throw-away data folder; its output, or exit with its error."""
    done = subprocess.run(
        [ACCORD, *arguments], env=environment, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        sys.exit(f"accord {' '.join(arguments)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def charter_with_an_observer(folder: Path) -> Path:
    """The shipped charter plus an observer state, so that an observer's liaison officer can be fuzzed."""
    charter = yaml.safe_load(CSTO_CHARTER.read_text(encoding="utf-8"))
    charter["statuses"].append(OBSERVER)
    path = folder / "charter-with-observer.yaml"
    path.write_text(yaml.safe_dump(charter, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(CSTO_CHARTER.parent / "sources", folder / "sources", dirs_exist_ok=True)
    return path


def set_up(environment: dict[str, str], folder: Path) -> dict[str, str]:
    """Set Accord up in ``folder``; the bearer token of each fuzzed identity, by username."""
    accord(environment, "setup", "--no-demo-admin")
    accord(environment, "load-charter", str(charter_with_an_observer(folder)))
    every_scope = accord(environment, "shell", "--no-imports", "--command", SCOPES).split()
    tokens = {}
    for username, role, affiliation, clearance in IDENTITIES:
        accord(
            environment,
            "createuser",
            username,
            "--role",
            role,
            *affiliation,
            "--clearance",
            clearance,
            "--password",
            os.urandom(12).hex(),
        )
        scopes = [argument for scope in every_scope for argument in ("--scope", scope)]
        issued = accord(
            environment, "token", "--json", "create", username, "--name", "fuzzing", *scopes, "--days", "1"
        )
        tokens[username] = json.loads(issued)["token"]
    return tokens


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(environment: dict[str, str], folder: Path) -> tuple[subprocess.Popen, str]:
    """``accord runserver`` on a free loopback port, once it accepts connections."""
    port = free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [ACCORD, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}"
        time.sleep(0.2)
    process.kill()
    sys.exit(f"Accord did not start:\n{(folder / 'server.log').read_text()[-2000:]}")


def phases_for(name: str, options: argparse.Namespace) -> str:
    """Every phase for the administrator, who gets furthest; the fuzzing and stateful phases for the rest.

    The coverage phase's boundary and malformed inputs (about 40 per operation) are refused by the
    same validation whoever sends them, so running them once keeps the whole run to a few minutes;
    what differs between roles (what they may see and write) is reached by the fuzzing phases.
    """
    return FULL_PHASES if options.all_phases or name == IDENTITIES[0][0] else ROLE_PHASES


def fuzz(address: str, name: str, token: str | None, folder: Path, options: argparse.Namespace) -> Run:
    """One schemathesis run as ``name`` (its cache kept in the throw-away folder), echoed as it goes."""
    command = [
        SCHEMATHESIS,
        "run",
        f"{address}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--phases",
        phases_for(name, options),
        "--max-examples",
        str(options.max_examples),
        "--seed",
        str(options.seed),
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--no-color",
        *(["--header", f"Authorization: Bearer {token}"] if token else []),
        *options.extra,
    ]
    shown = [("Authorization: Bearer ..." if item.startswith("Authorization") else item) for item in command]
    print(f"== schemathesis as {name}: {' '.join(shown[1:])}", flush=True)
    started = time.monotonic()
    cases = 0
    with subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as run:
        for line in run.stdout:
            print(line, end="", flush=True)
            counted = GENERATED.search(line)
            cases = int(counted.group(1)) if counted else cases
    seconds = time.monotonic() - started
    outcome = Run(name, run.returncode == 0, cases, seconds)
    print(
        f"== {name}: {'passed' if outcome.passed else 'FAILED'}, {cases} cases in {seconds:.0f} s", flush=True
    )
    return outcome


def print_server_errors(folder: Path) -> None:
    """The server's tracebacks, so that a failed CI run shows what broke."""
    log = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
    for block in log.split("Traceback (most recent call last):")[1:11]:
        print("Traceback (most recent call last):" + block[:4000])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("ACCORD_FUZZ_EXAMPLES", 10)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("ACCORD_FUZZ_SEED", 20240901)))
    parser.add_argument("--only", action="append", help="fuzz only as this identity (or 'anonymous')")
    parser.add_argument("--all-phases", action="store_true", help="run every phase for every identity")
    parser.add_argument("extra", nargs="*", help="more schemathesis arguments (after --)")
    options = parser.parse_args()
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="accord-fuzz-"))
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment["ACCORD_DATA_DIR"] = str(folder)
    server = None
    runs: list[Run] = []
    try:
        tokens = set_up(environment, folder)
        print(f"== set up in {time.monotonic() - started:.0f} s", flush=True)
        server, address = start_server(environment, folder)
        identities: list[tuple[str, str | None]] = [*tokens.items(), ("anonymous", None)]
        if options.only:
            identities = [item for item in identities if item[0] in options.only]
        runs = [fuzz(address, name, token, folder, options) for name, token in identities]
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        failed = [run.name for run in runs if not run.passed]
        if failed:
            print_server_errors(folder)
        if os.environ.get("ACCORD_FUZZ_KEEP"):
            print(f"== data folder kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"== {sum(run.cases for run in runs)} cases in {time.monotonic() - started:.0f} s"
        + (f"; failed as {', '.join(failed)}" if failed else "")
    )
    print(f"schemathesis: {len(runs) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not runs else 0


if __name__ == "__main__":
    sys.exit(main())
