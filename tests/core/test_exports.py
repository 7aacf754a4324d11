"""CSV cells a spreadsheet would run as formulas are written as text; numbers stay numbers."""

from __future__ import annotations

import datetime

import pytest

from accord.core.exports import spreadsheet_safe, spreadsheet_safe_dict, spreadsheet_safe_row


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x.example","open")', '\'=HYPERLINK("http://x.example","open")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-5", "-5"),
        ("-12.5", "-12.5"),
        ("-1e3", "-1e3"),
        ("+7", "+7"),
        ("Treaty on Collective Security", "Treaty on Collective Security"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells(cell, written):
    assert spreadsheet_safe(cell) == written


def test_values_that_are_not_text_are_left_alone():
    day = datetime.date(2020, 5, 15)
    assert spreadsheet_safe_row([-5, 3.5, None, day, "=1"]) == [-5, 3.5, None, day, "'=1"]
    assert spreadsheet_safe_dict({"title": "@x", "id": 7}) == {"title": "'@x", "id": 7}
