"""Sizes are refused before anything is parsed, and without reading a large input whole."""

from __future__ import annotations

import io

import pytest

from accord.monitoring.text.errors import TextError
from accord.monitoring.text.limits import (
    MAX_FEED_BYTES,
    MAX_ITEM_BYTES,
    check_size,
    read_file_limited,
    read_limited,
)

FIFTY_MB = 50 * 1024 * 1024


class CountingStream(io.RawIOBase):
    """An endless stream of spaces that counts what was read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b" " * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


def test_limits_are_one_article_and_one_feed():
    assert MAX_ITEM_BYTES == 5 * 1024 * 1024
    assert MAX_FEED_BYTES == 20 * 1024 * 1024


def test_a_fifty_megabyte_size_is_refused_naming_the_size_and_the_limit():
    with pytest.raises(TextError) as refused:
        check_size(FIFTY_MB)
    assert refused.value.code == "too-large"
    assert "50.0 MB" in str(refused.value) and "5.0 MB" in str(refused.value)


def test_a_stream_is_read_no_further_than_one_byte_past_the_limit():
    stream = CountingStream()
    with pytest.raises(TextError) as refused:
        read_limited(stream, limit=1000)
    assert refused.value.code == "too-large"
    assert stream.read_bytes == 1001


def test_a_stream_under_the_limit_is_read_whole():
    assert read_limited(io.BytesIO(b"x" * 1000), limit=1000) == b"x" * 1000


def test_a_fifty_megabyte_file_is_refused_from_its_size_on_disk(tmp_path):
    path = tmp_path / "archive.html"
    with open(path, "wb") as file:
        file.truncate(FIFTY_MB)  # a sparse file: 50 MB long, nothing written
    with pytest.raises(TextError) as refused:
        read_file_limited(path)
    assert "50.0 MB" in str(refused.value)


def test_a_small_file_is_read(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(b"text")
    assert read_file_limited(path) == b"text"
