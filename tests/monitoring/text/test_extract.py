"""An article's title, text, date and declared language from a page or a text file."""

from __future__ import annotations

import datetime

import pytest

from accord.monitoring.text.errors import TextError
from accord.monitoring.text.extract import extract_any, extract_html, extract_plain, kind_of, language_hint
from accord.monitoring.text.limits import MAX_ITEM_BYTES
from tests.monitoring.text.texts import RUSSIAN, fixture

RUSSIAN_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<meta property="og:locale" content="ru_RU">
<title>Учения ОДКБ завершились — Новости региона</title></head>
<body><div id="menu"><a href="/">Главная</a> | <a href="/news">Новости</a> | <a href="/contacts">Контакты</a></div>
<div class="content"><h1>Учения ОДКБ завершились</h1>
{paragraphs}
</div>
<div id="footer">Все права защищены. Перепечатка материалов только со ссылкой на источник.</div>
<script>var counter = 1;</script></body></html>
"""


def russian_page() -> bytes:
    paragraphs = "\n".join(f"<p>{part}</p>" for part in RUSSIAN.split("\n\n"))
    return RUSSIAN_PAGE.format(paragraphs=paragraphs).encode("cp1251", errors="replace")


def test_the_article_is_kept_and_the_page_around_it_dropped():
    found = extract_html(fixture("article.html"), address="http://news.example.local/a/1")
    assert found.title == "CSTO forces hold joint exercise in Tajikistan"
    assert found.published == datetime.date(2018, 10, 12)
    assert found.language_hint == "en"
    assert found.text.startswith("The joint exercise of the Collective Rapid Reaction Forces")
    assert found.text.count("\n\n") == 3  # four paragraphs
    for boilerplate in ("cookies", "Subscribe", "Related stories", "All rights reserved", "trackPageView"):
        assert boilerplate not in found.text


def test_a_russian_page_in_windows_1251_is_read():
    found = extract_html(russian_page())
    assert found.title == "Учения ОДКБ завершились"
    assert 'Совместные учения ОДКБ "Взаимодействие-2018" прошли в Таджикистане.' in found.text
    assert "более 1500 военнослужащих" in found.text
    assert "Перепечатка" not in found.text
    assert found.language_hint == "ru"


@pytest.mark.parametrize(
    ("head", "language"),
    [('<html lang="ru-RU">', "ru"), ('<meta content="en_US" property="og:locale">', "en"), ("<html>", "")],
)
def test_the_declared_language_comes_from_lang_or_og_locale(head, language):
    assert language_hint(head) == language


@pytest.mark.parametrize(
    "page",
    [
        b"<html><body><div><p>Hi</p></div></body></html>",
        b"<html><body><table><tr><td><<<>>>&&&</td><div><p <p <div</body",
        b"<html><head><script>document.write('drawn by scripts')</script></head><body></body></html>",
    ],
)
def test_a_page_without_article_text_is_refused_as_no_text(page):
    with pytest.raises(TextError) as refused:
        extract_html(page)
    assert refused.value.code == "no-text"


def test_plain_words_given_as_a_page_are_refused_as_not_html():
    with pytest.raises(TextError) as refused:
        extract_html(b"Just a sentence of words without any markup in it at all.")
    assert refused.value.code == "not-html"


def test_a_fifty_megabyte_page_is_refused_before_it_is_parsed():
    page = b"<html><body>" + b"<p>word</p>" * (50 * 1024 * 1024 // 11) + b"</body></html>"
    with pytest.raises(TextError) as refused:
        extract_any(page, name="huge.html")
    assert refused.value.code == "too-large"
    assert "50.0 MB" in str(refused.value)


def test_a_text_just_over_the_limit_is_refused_as_a_string_too():
    with pytest.raises(TextError) as refused:
        extract_plain("я" * (MAX_ITEM_BYTES // 2 + 1))  # fewer characters than the limit, more bytes
    assert refused.value.code == "too-large"


def test_a_text_file_takes_its_first_line_as_title_and_keeps_paragraphs():
    data = ("Учения ОДКБ завершились\n\n" + RUSSIAN).encode("cp1251", errors="replace")
    found = extract_plain(data)
    assert found.title == "Учения ОДКБ завершились"
    assert found.text.startswith("Совместные учения ОДКБ")
    assert found.text.count("\n\n") == 2


def test_a_first_line_that_is_a_sentence_is_not_a_title():
    found = extract_plain(RUSSIAN.replace("\n\n", "\n"))
    assert found.title == ""
    assert found.text.count("\n\n") == 2  # one paragraph a line, each ending a sentence


def test_the_kind_is_told_by_type_then_name_then_content():
    assert kind_of(b"anything", content_type="text/html; charset=utf-8") == "html"
    assert kind_of(b"anything", name="story.TXT") == "text"
    assert kind_of(b"<!DOCTYPE html><html><body></body></html>") == "html"
    assert kind_of(b"Plain words.") == "text"


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"%PDF-1.7", "report.pdf", ""),
        (b"\x89PNG", "", "image/png"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "", ""),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "news.atom", ""),
    ],
)
def test_documents_that_are_not_articles_are_refused_by_kind(data, name, content_type):
    with pytest.raises(TextError) as refused:
        extract_any(data, name=name, content_type=content_type)
    assert refused.value.code == "unsupported-type"


def test_a_binary_file_named_as_text_is_refused_as_undecodable():
    with pytest.raises(TextError) as refused:
        extract_any(b"\xd0\xcf\x11\xe0\x00\x00binary", name="story.txt")
    assert refused.value.code == "undecodable"


def test_the_charset_of_an_http_header_decides_what_the_bytes_cannot():
    data = ("ОДКБ, ЦАР, КСОР. " * 8).encode("koi8_r")  # capitals only: as likely cp1251 lower case
    assert extract_any(data, name="news").text.startswith("пдлв, гбт")  # read as cp1251
    found = extract_any(data, name="news", content_type="text/plain; charset=KOI8-R")
    assert found.text.startswith("ОДКБ, ЦАР, КСОР.")
