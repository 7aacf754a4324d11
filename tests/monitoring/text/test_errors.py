"""Refusals of the text pipeline: a stable code and a message saying what was wrong."""

from __future__ import annotations

import pytest
from django.utils import translation

from accord.monitoring.text.errors import CODES, TextError, empty, size_text, too_large


def test_a_refusal_keeps_its_code_and_fills_its_message_when_read():
    error = too_large(50 * 1024 * 1024, 5 * 1024 * 1024, "file")
    assert error.code == "too-large"
    with translation.override("en"):
        assert "50.0 MB" in str(error)
        assert "5.0 MB" in error.message


def test_an_unknown_code_is_a_programming_error_not_a_refusal():
    with pytest.raises(ValueError):
        TextError("nope", "message")


def test_every_code_is_a_short_key():
    assert all(code == code.lower() and " " not in code for code in CODES)
    assert empty("page").code == "empty"


@pytest.mark.parametrize(
    ("size", "said"), [(812, "812 bytes"), (48 * 1024 + 300, "48.3 KB"), (50 * 1024 * 1024, "50.0 MB")]
)
def test_sizes_read_as_people_read_them(size, said):
    with translation.override("en"):
        assert size_text(size) == said


def test_sizes_are_said_in_the_language_active_when_the_message_is_read():
    error = too_large(50 * 1024 * 1024, 5 * 1024 * 1024, "file")
    with translation.override("en"):
        english = str(error)
    assert error.params["size"] == 50 * 1024 * 1024  # kept as a number, said when read
    assert "50.0 MB" in english
