"""Fetching sources end to end: a feed file, a feed over http, an unreachable feed, a watched folder;
each item on its own, failures stored with their errors, the run's counts and messages."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest

from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.core.models import Run
from accord.core.runs import start_run
from accord.monitoring import copies, fetching
from accord.monitoring.models import Item, Source
from accord.monitoring.sources_services import create_source
from tests.monitoring.intake_helpers import (
    GOOD_TEXT,
    own_roots,
    paragraph_html,
    rss,
    three_entry_feed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    return own_roots(settings, tmp_path)


ACTOR = Actor.system("tests")


@pytest.fixture(autouse=True)
def fresh_copies():
    copies.forget()
    yield
    copies.forget()


def source_of(kind: str, address: str, key: str = "wire", **more) -> Source:
    values = {
        "key": key,
        "name": key,
        "kind": kind,
        "address": address,
        "reliability": "C",
        "classification": Classification.PUBLIC,
        "releasability": Releasability.EVERYONE,
        **more,
    }
    return create_source(values, actor=ACTOR)


def fetch(source: Source) -> fetching.FetchResult:
    run = start_run(fetching.RUN_KIND, ACTOR, subject=source.key)
    return fetching.fetch_source(source, actor=ACTOR, run=run)


def items_of(source: Source) -> dict[str, Item]:
    return {item.external_id: item for item in Item.objects.filter(source=source)}


def test_a_feed_file_of_three_entries_keeps_each_failure_on_its_item(roots):
    feed = roots / "wire.xml"
    feed.write_bytes(three_entry_feed())
    source = source_of("feed-file", str(feed))
    result = fetch(source)
    found = items_of(source)
    assert set(found) == {"german", "huge", "good"}
    assert found["german"].status == "failed" and found["german"].error_code == "unsupported-language"
    assert found["huge"].status == "failed" and found["huge"].error_code == "too-large"
    assert "MB" in found["huge"].error and found["german"].error
    run = Run.objects.get(pk=result.run.pk)
    assert run.status == Run.Status.PARTIAL and run.rejected >= 2
    problems = {message["line"]: message["text"] for message in run.messages if message["code"] == "problem"}
    assert problems[found["german"].pk] == found["german"].error
    assert problems[found["huge"].pk] == found["huge"].error
    source.refresh_from_db()
    assert source.last_run_id == run.pk and source.last_fetched_at is not None
    assert all(item.run_id == run.pk for item in found.values())
    assert found["good"].published is not None


def test_the_good_entry_of_the_feed_is_processed(roots):
    feed = roots / "wire.xml"
    feed.write_bytes(three_entry_feed())
    source = source_of("feed-file", str(feed))
    result = fetch(source)
    good = items_of(source)["good"]
    assert good.status == "processed" and good.language == "en" and good.text
    assert result.added == 1 and result.rejected == 2 and result.run.status == Run.Status.PARTIAL


def test_a_feed_fetched_again_takes_nothing_twice(roots):
    feed = roots / "wire.xml"
    feed.write_bytes(
        rss([{"guid": "a", "html": "<p>Ein kurzer Satz auf Deutsch, der nicht genommen wird.</p>"}])
    )
    source = source_of("feed-file", feed.as_uri())
    first = fetch(source)
    second = fetch(source)
    assert first.rejected == 1 and second.unchanged == 1 and second.rejected == 0
    assert Item.objects.filter(source=source).count() == 1
    assert second.run.status == Run.Status.COMPLETE


class FeedHandler(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served_feed():
    """A real RSS feed served over http on 127.0.0.1 by a small server thread."""
    FeedHandler.body = rss(
        [
            {"guid": "served-1", "html": paragraph_html(GOOD_TEXT)},
            {"guid": "served-2", "html": "<p>Kurz.</p>"},
        ]
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_feed_over_http_is_fetched_entry_by_entry(served_feed):
    source = source_of("feed", served_feed)
    result = fetch(source)
    found = items_of(source)
    assert set(found) == {"served-1", "served-2"}
    assert found["served-2"].status == "failed" and found["served-2"].error
    assert found["served-1"].address.startswith("https://news.example/")
    assert result.run.status == Run.Status.PARTIAL and result.rejected >= 1


def test_an_unreachable_feed_fails_the_run_with_the_reason_and_touches_nothing():
    source = source_of("feed", "http://127.0.0.1:9/feed.xml")
    result = fetch(source)
    run = Run.objects.get(pk=result.run.pk)
    assert run.status == Run.Status.FAILED
    assert result.reason and any(message["text"] == result.reason for message in run.messages)
    assert not Item.objects.filter(source=source).exists()
    source.refresh_from_db()
    assert source.last_run_id == run.pk


def test_a_malformed_feed_file_is_refused_with_the_reason(roots):
    feed = roots / "broken.xml"
    feed.write_bytes(b"<html><body>not a feed at all</body></html>")
    source = source_of("feed-file", str(feed))
    result = fetch(source)
    assert result.run.status in (Run.Status.REFUSED, Run.Status.FAILED) and result.reason
    assert not Item.objects.filter(source=source).exists()


def test_a_folder_refuses_the_large_and_the_malformed_on_their_items_and_takes_the_rest(roots):
    folder = roots / "drop"
    folder.mkdir()
    huge = folder / "huge.html"
    with open(huge, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # 50 MB (sparse): refused from its size
    (folder / "broken.html").write_bytes(b"<html><body><div><p>\xff\xfe\x00<<<</div>")
    (folder / "german.txt").write_text("Ein Satz auf Deutsch ist hier. " * 10, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden.txt").write_text(GOOD_TEXT, encoding="utf-8")
    source = source_of("folder", str(folder))
    result = fetch(source)
    found = {item.address: item for item in Item.objects.filter(source=source)}
    assert set(found) == {"huge.html", "broken.html", "german.txt", "good.txt"}
    assert found["huge.html"].status == "failed" and found["huge.html"].error_code == "too-large"
    assert "50.0 MB" in found["huge.html"].error and found["huge.html"].size == 50 * 1024 * 1024
    assert found["broken.html"].status == "failed" and found["broken.html"].error
    assert found["german.txt"].error_code == "unsupported-language"
    assert result.run.status == Run.Status.PARTIAL
    assert huge.exists() and (folder / "good.txt").exists()  # the user's files stay where they are


def test_a_file_delivered_twice_is_taken_once_and_a_changed_file_again(roots):
    folder = roots / "drop"
    folder.mkdir()
    text = folder / "note.txt"
    text.write_text("Ein Satz auf Deutsch ist hier. " * 10, encoding="utf-8")
    source = source_of("folder", str(folder))
    fetch(source)
    again = fetch(source)
    assert again.unchanged == 1 and Item.objects.filter(source=source).count() == 1
    text.write_text("Noch ein Satz auf Deutsch, nun länger als zuvor. " * 10, encoding="utf-8")
    os.utime(text, ns=(1_900_000_000_000_000_000, 1_900_000_000_000_000_000))
    fetch(source)
    assert Item.objects.filter(source=source).count() == 2


def test_a_link_leading_out_of_the_folder_is_not_followed(roots, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD_TEXT, encoding="utf-8")
    folder = roots / "drop"
    folder.mkdir()
    (folder / "leak.txt").symlink_to(outside)
    source = source_of("folder", str(folder))
    result = fetch(source)
    assert not Item.objects.filter(source=source).exists() and result.run.status == Run.Status.COMPLETE


def test_a_folder_moved_out_of_the_monitoring_folders_is_refused(roots, settings, tmp_path):
    folder = roots / "drop"
    folder.mkdir()
    source = source_of("folder", str(folder))
    settings.MONITORING_FOLDERS = [tmp_path / "other"]
    result = fetch(source)
    assert result.run.status == Run.Status.REFUSED and "monitoring folders" in result.reason


def test_an_api_source_is_not_fetched():
    source = source_of("api", "")
    result = fetch(source)
    assert result.run.status == Run.Status.REFUSED


def test_a_job_fetches_a_source_for_its_actor(roots):
    from accord.monitoring.jobs_fetch import queue_fetch
    from tests.core.test_jobs import run_worker_once

    feed = roots / "wire.xml"
    feed.write_bytes(
        rss([{"guid": "j", "html": "<p>Ein kurzer Satz auf Deutsch, der nicht genommen wird.</p>"}])
    )
    source = source_of("feed-file", str(feed))
    run = queue_fetch(source, ACTOR)
    assert run.status == Run.Status.QUEUED
    run_worker_once()
    run.refresh_from_db()
    assert run.status == Run.Status.PARTIAL and run.rejected == 1
    assert Item.objects.filter(source=source, run=run).count() == 1


def test_due_sources_are_those_whose_interval_has_passed(roots):
    import datetime

    from django.utils import timezone

    from accord.monitoring.jobs_fetch import due_sources

    folder = roots / "drop"
    folder.mkdir()
    due = source_of("folder", str(folder), key="due", every_minutes=10)
    source_of("folder", str(folder), key="manual")
    recent = source_of("folder", str(folder), key="recent", every_minutes=10)
    Source.objects.filter(pk=recent.pk).update(last_fetched_at=timezone.now())
    Source.objects.filter(pk=due.pk).update(last_fetched_at=timezone.now() - datetime.timedelta(minutes=11))
    assert [source.key for source in due_sources(timezone.now())] == ["due"]


def test_paths_are_relative_to_the_folder(roots):
    assert fetching.file_id(roots, roots / "a" / "b.txt", Path(__file__).stat()).startswith("a/b.txt|")


def test_the_periodic_check_queues_a_fetch_of_each_due_source_once(roots):
    from accord.core.jobs import declared_periodic
    from accord.monitoring.jobs_fetch import queue_due_fetches
    from tests.core.test_jobs import run_worker_once

    assert "monitoring.fetch-due" in [periodic.name for periodic in declared_periodic()]
    folder = roots / "drop"
    folder.mkdir()
    source = source_of("folder", str(folder), key="every", every_minutes=5)
    queue_due_fetches.submit(ACTOR)
    run_worker_once()
    source.refresh_from_db()
    assert source.last_run.kind == fetching.RUN_KIND and source.last_run.status == Run.Status.COMPLETE
    first = source.last_run_id
    queue_due_fetches.submit(ACTOR)
    run_worker_once()
    source.refresh_from_db()
    assert source.last_run_id == first  # fetched a moment ago: not due again


def test_an_entry_repeated_in_a_later_batch_is_taken_and_counted_once(roots, monkeypatch, settings):
    """A fetch reads its next batch while it stores the one before: an entry of both is still one item."""
    settings.MONITORING_READERS = 1
    monkeypatch.setattr(fetching, "BATCH_SIZE", 2)
    entries = [
        {"guid": f"entry-{number}", "title": f"Meeting {number}", "html": f"<p>{number} {GOOD_TEXT}</p>"}
        for number in range(4)
    ]
    entries.insert(3, entries[0])  # the first entry again, in the second batch
    feed = roots / "wire.xml"
    feed.write_bytes(rss(entries))
    source = source_of("feed-file", str(feed))
    result = fetch(source)
    assert Item.objects.filter(source=source).count() == 4
    assert result.added + result.updated == 4 and result.unchanged == 1 and result.rejected == 0
    assert not Item.objects.filter(source=source, status=Item.Status.FAILED).exists()
