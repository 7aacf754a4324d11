"""``accord serve [ADDRESS:PORT]``: the web server and one worker, as one command (``make run``).

Each runs in a process group of its own; Ctrl-C (or SIGTERM) is passed to both, and when either
ends the other is stopped too, so a server never runs on without its worker or the other way round.
The worker is given time to finish the job in hand; a job cut short is queued again by the next
worker (``accord.core.workers``).
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from accord.core.cli import AccordCommand

GRACE_SECONDS = 30.0


class Command(AccordCommand):
    help = "Serve Accord (Django's development server) with one background worker beside it."
    json_option = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="ADDRESS:PORT to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
        accord = [sys.executable, "-m", "accord.cli"]
        children = [
            subprocess.Popen([*accord, "runserver", options["address"]], start_new_session=True),
            subprocess.Popen([*accord, "worker"], start_new_session=True),
        ]
        stopping: list[int] = []

        def stop(signum: int, frame: object) -> None:
            stopping.append(signum)

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, stop)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
        ended = next((child for child in children if child.poll() is not None), None)
        stop_all(children)
        if ended is not None and not stopping:
            self.stderr.write(f"accord serve: {ended.args[3]} ended with status {ended.returncode}; stopped")
            sys.exit(ended.returncode or 1)


def stop_all(children: list[subprocess.Popen]) -> None:
    """SIGTERM to every child still running (the worker ends its job in hand first), then wait; what
    will not stop is killed."""
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
