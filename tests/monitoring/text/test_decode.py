"""Bytes into text: UTF-8, its BOM, a declared charset, the legacy Russian codings; binary refused."""

from __future__ import annotations

import codecs

import pytest

from accord.monitoring.text.decode import declared_in, decode
from accord.monitoring.text.errors import TextError
from tests.monitoring.text.texts import RUSSIAN


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "koi8_r"])
def test_russian_text_is_read_in_each_of_its_codings_without_a_declaration(encoding):
    text = RUSSIAN.replace("\u00a0", " ").replace("«", '"').replace("»", '"')
    assert decode(text.encode(encoding)) == text


def test_a_byte_order_mark_decides():
    assert decode(codecs.BOM_UTF8 + "ОДКБ".encode()) == "ОДКБ"
    assert decode("ОДКБ учения".encode("utf-16")) == "ОДКБ учения"


def test_a_page_declaring_windows_1251_is_read_as_it():
    page = '<html><head><meta charset="windows-1251"></head><body>Учения ОДКБ</body></html>'
    assert declared_in(page.encode("cp1251")) == "windows-1251"
    assert "Учения ОДКБ" in decode(page.encode("cp1251"))


def test_a_wrong_declaration_gives_way_to_what_the_bytes_are():
    page = '<?xml version="1.0" encoding="koi8-r"?><p>Совместные учения</p>'
    assert "Совместные учения" in decode(page.encode("utf-8"))


def test_west_european_text_is_not_taken_for_russian():
    assert decode("Café crème, à la façon de Paris".encode("cp1252")) == "Café crème, à la façon de Paris"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"PK\x03\x04\x14\x00",
        b"some text\x00\x01\x02binary",
    ],
)
def test_binary_files_are_refused_as_undecodable(data):
    with pytest.raises(TextError) as refused:
        decode(data)
    assert refused.value.code == "undecodable"


def test_nothing_is_refused_as_empty():
    with pytest.raises(TextError) as refused:
        decode(b"  \n ")
    assert refused.value.code == "empty"


def test_a_page_declaring_koi8_r_but_saved_in_windows_1251_is_read_right():
    page = '<html><head><meta charset="koi8-r"></head><body>Совместные учения прошли успешно</body></html>'
    assert "Совместные учения прошли успешно" in decode(page.encode("cp1251"))
