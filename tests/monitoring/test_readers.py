"""Reader processes: a batch read in them comes back as if read in the worker, a refusal crosses with
its code and message, a reader killed mid-batch loses nothing, and one reader means none is started."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from accord.monitoring import readers
from accord.monitoring.intake import Cleaned, Delivery
from accord.monitoring.text.errors import TextError
from accord.monitoring.understanding.lexicon import shipped_lexicon
from tests.monitoring.intake_helpers import GERMAN_TEXT

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(autouse=True, scope="module")
def no_readers_left():
    """The readers start once for the module (a start costs a second or two) and stop after it."""
    yield
    readers.stop_readers()


def batch() -> list[Delivery]:
    """The gold passages (English and Russian, text and HTML), a German text and an empty file."""
    deliveries = [
        Delivery(
            path.name,
            path.read_bytes(),
            name=path.name,
            content_type="text/html" if path.suffix == ".html" else "text/plain",
        )
        for path in sorted(GOLD.glob("*-*.*"))
    ]
    deliveries.append(
        Delivery("german.txt", GERMAN_TEXT.encode(), name="german.txt", content_type="text/plain")
    )
    deliveries.append(Delivery("empty.txt", b"", name="empty.txt", content_type="text/plain"))
    return deliveries


def test_a_batch_read_in_the_readers_is_what_the_worker_would_read(settings):
    settings.MONITORING_READERS = 2
    deliveries, lexicon = batch(), shipped_lexicon()
    reading = readers.BatchReading(deliveries, "", lexicon, parallel=True)
    assert len(reading.futures) == 2  # two shares, one per reader
    in_readers = reading.results()
    here = readers.read_chunk(deliveries, "", lexicon)
    assert in_readers == here
    assert sum(isinstance(result, Cleaned) for result in in_readers) == len(deliveries) - 2
    assert {result.language for result in in_readers if isinstance(result, Cleaned)} == {"en", "ru"}


def test_a_refusal_crosses_with_its_code_and_its_message(settings):
    settings.MONITORING_READERS = 2
    results = readers.BatchReading(batch(), "", shipped_lexicon(), parallel=True).results()
    german, empty = results[-2], results[-1]
    assert isinstance(german, readers.Refusal) and isinstance(empty, readers.Refusal)
    error = german.as_error()
    assert isinstance(error, TextError) and error.code == "unsupported-language"
    assert "language" in str(error)
    assert empty.as_error().code == "empty"


def test_a_reader_killed_in_the_middle_of_a_batch_loses_nothing(settings):
    settings.MONITORING_READERS = 2
    deliveries, lexicon = batch(), shipped_lexicon()
    readers.BatchReading(deliveries[:8], "", lexicon, parallel=True).results()  # the readers started
    pool = readers.executor(2)
    reading = readers.BatchReading(deliveries * 3, "", lexicon, parallel=True)
    for process in list(pool._processes.values()):
        os.kill(process.pid, signal.SIGKILL)
    assert reading.results() == readers.read_chunk(deliveries * 3, "", lexicon)
    again = readers.BatchReading(deliveries, "", lexicon, parallel=True)  # new readers after the loss
    assert again.futures and again.results() == readers.read_chunk(deliveries, "", lexicon)


@pytest.mark.django_db
def test_a_web_server_reads_in_its_own_process(settings):
    from accord.monitoring.fetching import take_in_some
    from tests.monitoring.factory import ACTOR, make_source

    settings.MONITORING_READERS = 2
    readers.stop_readers()
    taken = take_in_some(make_source("api-wire"), batch(), actor=ACTOR, run=None)  # as an API post does
    assert len(taken) == len(batch()) and readers._POOL["executor"] is None


def test_one_reader_reads_in_the_worker_and_starts_no_process(settings):
    settings.MONITORING_READERS = 1
    readers.stop_readers()
    reading = readers.BatchReading(batch(), "", shipped_lexicon(), parallel=True)
    assert reading.futures == [] and readers._POOL["executor"] is None
    assert len(reading.results()) == len(batch())


def test_a_fault_on_one_text_fails_that_text_alone(monkeypatch):
    from accord.monitoring.text import normalise

    real = normalise.normalise

    def failing(text: str) -> str:
        if "Bishkek" in text or "Бишкек" in text:
            raise RuntimeError("a fault of our own")
        return real(text)

    monkeypatch.setattr(normalise, "normalise", failing)
    deliveries = batch()
    results = readers.read_chunk(deliveries, "", shipped_lexicon())
    faults = [
        delivery.name
        for delivery, result in zip(deliveries, results, strict=True)
        if isinstance(result, readers.Fault)
    ]
    assert faults and all(
        "Bishkek" in delivery.data.decode() or "Бишкек" in delivery.data.decode()
        for delivery in deliveries
        if delivery.name in faults
    )
    assert str(
        results[deliveries.index(next(d for d in deliveries if d.name == faults[0]))].as_error()
    ).startswith("Accord could not")
    assert sum(isinstance(result, Cleaned) for result in results) > len(deliveries) // 2


WORKER = """
import time

if __name__ == "__main__":  # the readers are spawned: they import this file as another module
    import django

    django.setup()
    from accord.monitoring import readers

    pool = readers.executor(2)
    list(pool.map(time.sleep, [0.5, 0.5]))
    print(" ".join(str(process.pid) for process in pool._processes.values()), flush=True)
    time.sleep(120)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_the_readers_of_a_killed_worker_end_with_it(tmp_path):
    import subprocess
    import sys
    import time

    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    worker = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=environment
    )
    try:
        pids = [int(pid) for pid in worker.stdout.readline().split()]
        assert pids and all(alive(pid) for pid in pids)
        worker.kill()  # SIGKILL: the worker says nothing to its readers
        worker.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in pids)
    finally:
        worker.kill()
        worker.stdout.close()
