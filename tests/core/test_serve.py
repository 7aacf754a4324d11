"""``accord serve`` (what ``make run`` starts): the web server and a worker live and end together."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
from contextlib import closing

from tests.core.live import ACCORD, free_port


def serving(accord_data) -> tuple[subprocess.Popen, int, int]:
    """``accord serve`` once both its server answers and its worker has said it is alive."""
    port = free_port()
    process = subprocess.Popen(
        [ACCORD, "serve", f"127.0.0.1:{port}"],
        env=accord_data.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    worker_pid = None
    while time.monotonic() < deadline and not (worker_pid and port_open(port)):
        worker_pid = worker_pid or registered_worker(accord_data.database)
        time.sleep(0.3)
    assert worker_pid and port_open(port), "accord serve did not start its server and its worker"
    return process, port, worker_pid


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def registered_worker(database) -> int | None:
    with closing(sqlite3.connect(database, timeout=30)) as reader:
        row = reader.execute("SELECT pid FROM core_workerbeat").fetchone()
    return row[0] if row else None


def test_a_dying_worker_stops_the_server_with_it(accord_data):
    process, port, worker_pid = serving(accord_data)
    try:
        os.kill(worker_pid, signal.SIGKILL)
        _, said = process.communicate(timeout=60)
        assert process.returncode != 0 and "worker ended" in said
        assert not port_open(port)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    with closing(sqlite3.connect(accord_data.database, timeout=30)) as database:  # the lost worker's row
        database.execute("DELETE FROM core_workerbeat")
        database.commit()


def test_ctrl_c_stops_both_and_the_worker_leaves_cleanly(accord_data):
    process, port, _ = serving(accord_data)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode == 0
    assert not port_open(port)
    assert registered_worker(accord_data.database) is None  # it ended itself, saying so
