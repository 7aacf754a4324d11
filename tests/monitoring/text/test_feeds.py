"""Feeds read from their bytes (RSS 2.0 and Atom), broken feeds, and fetching with limits."""

from __future__ import annotations

import datetime
import http.server
import threading

import pytest

from accord.monitoring.text.errors import TextError
from accord.monitoring.text.feeds import fetch, parse_feed

RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0">
<channel>
  <title>Вестник региональной безопасности</title>
  <link>http://news.example.local/</link>
  <language>ru-RU</language>
  <item>
    <title>Учения «Взаимодействие-2018» завершены</title>
    <link>http://news.example.local/a/1</link>
    <guid isPermaLink="false">news-1</guid>
    <pubDate>Fri, 12 Oct 2018 09:30:00 +0300</pubDate>
    <description>&lt;p&gt;Совместные учения ОДКБ прошли в Таджикистане.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Штабная тренировка</title>
    <link>/a/2</link>
    <description>Тренировка прошла в Казахстане.</description>
  </item>
</channel>
</rss>
""".encode("cp1251")

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Regional Security Review</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2018-10-12T09:30:00Z</updated>
  <entry>
    <title>CSTO forces hold joint exercise</title>
    <link href="http://review.example.local/2018/10/exercise"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2018-10-12T09:30:00+03:00</published>
    <summary>A short summary.</summary>
    <content type="html">&lt;p&gt;The joint exercise took place in Tajikistan.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_an_rss_feed_in_windows_1251_gives_its_entries():
    feed = parse_feed(RSS, address="http://news.example.local/rss")
    assert feed.title == "Вестник региональной безопасности"
    assert feed.language == "ru"
    assert feed.warnings == []
    first, second = feed.entries
    assert first.title == "Учения «Взаимодействие-2018» завершены"
    assert first.published == datetime.datetime(2018, 10, 12, 6, 30, tzinfo=datetime.UTC)
    assert first.html == "<p>Совместные учения ОДКБ прошли в Таджикистане.</p>"
    assert first.language == "ru"
    assert "news-1" in first.guid
    assert second.link == "http://news.example.local/a/2"  # made whole from the feed's address
    assert second.guid == second.link and second.published is None


def test_an_atom_feed_gives_its_content_rather_than_its_summary():
    feed = parse_feed(ATOM)
    assert feed.title == "Regional Security Review"
    (entry,) = feed.entries
    assert entry.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert entry.link == "http://review.example.local/2018/10/exercise"
    assert entry.html == "<p>The joint exercise took place in Tajikistan.</p>"
    assert entry.published == datetime.datetime(2018, 10, 12, 6, 30, tzinfo=datetime.UTC)
    assert entry.language == "en"


def test_a_broken_feed_with_entries_is_kept_with_a_warning():
    broken = RSS.replace(b"</channel>\n</rss>\n", b"<item><title>&undefined;</title></item>")
    feed = parse_feed(broken)
    assert len(feed.entries) >= 2
    assert feed.warnings


@pytest.mark.parametrize(
    "data",
    [b"<html><body><p>A web page, not a feed.</p></body></html>", b"<rss><channel><item", b"plain words"],
)
def test_a_feed_broken_beyond_use_is_refused(data):
    with pytest.raises(TextError) as refused:
        parse_feed(data)
    assert refused.value.code == "malformed-feed"


def test_an_address_given_as_a_feed_is_not_fetched():
    with pytest.raises(TextError) as refused:
        parse_feed(b"http://127.0.0.1:9/feed.xml")
    assert refused.value.code == "malformed-feed"


def test_a_file_address_is_read(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(ATOM)
    assert fetch(path.as_uri()) == ATOM


def test_a_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(ATOM)
    with pytest.raises(TextError) as refused:
        fetch(path.as_uri(), max_bytes=100)
    assert refused.value.code == "too-large"


@pytest.mark.parametrize(
    "address", ["ftp://news.example.local/feed", "news.example.local/feed", "javascript:x"]
)
def test_other_schemes_are_refused_naming_the_address(address):
    with pytest.raises(TextError) as refused:
        fetch(address)
    assert refused.value.code == "unreachable"
    assert address in str(refused.value)


def test_a_missing_file_is_unreachable(tmp_path):
    with pytest.raises(TextError) as refused:
        fetch((tmp_path / "none.xml").as_uri())
    assert refused.value.code == "unreachable"


class FeedServer(http.server.BaseHTTPRequestHandler):
    """Serves the Atom feed at /feed, a page too large (by its Content-Length) at /large, 404 else."""

    def do_GET(self):
        if self.path == "/feed":
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(ATOM)))
            self.end_headers()
            self.wfile.write(ATOM)
        elif self.path == "/large":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"<rss>")
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_an_http_feed_is_fetched_and_read(server):
    assert parse_feed(fetch(f"{server}/feed")).entries[0].title == "CSTO forces hold joint exercise"


def test_an_http_answer_announcing_fifty_megabytes_is_refused_from_its_header(server):
    with pytest.raises(TextError) as refused:
        fetch(f"{server}/large")
    assert refused.value.code == "too-large"
    assert "50.0 MB" in str(refused.value)


def test_an_http_error_is_said_with_its_status(server):
    with pytest.raises(TextError) as refused:
        fetch(f"{server}/missing", timeout=5)
    assert refused.value.code == "unreachable"
    assert "HTTP 404" in str(refused.value)
