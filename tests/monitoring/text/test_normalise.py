"""One spelling for quotes, dashes, spaces, numbers, hyphenation and paragraphs."""

from __future__ import annotations

from accord.monitoring.text.normalise import normalise


def test_digit_groups_parted_by_narrow_spaces_become_one_number():
    assert normalise("более 1\u00a0500 военнослужащих") == "более 1500 военнослужащих"
    assert normalise("320\u202f000\u202f000 roubles") == "320000000 roubles"
    assert normalise("1\u2009500 troops") == "1500 troops"


def test_a_plain_space_between_numbers_is_left_as_written():
    assert normalise("in 2018 2 500 troops") == "in 2018 2 500 troops"


def test_a_no_break_space_not_in_a_number_becomes_a_plain_space():
    assert normalise("ОДКБ\u00a0провела учения, 5\u00a0km") == "ОДКБ провела учения, 5 km"


def test_quotes_and_dashes_have_one_spelling():
    assert normalise("«Взаимодействие-2018» \u2014 учения") == '"Взаимодействие-2018" — учения'
    assert normalise("„Rubezh“ – the exercise’s end") == '"Rubezh" — the exercise\'s end'
    assert normalise("2018\u20132019, \u22125") == "2018-2019, -5"


def test_soft_hyphens_and_zero_width_characters_are_removed():
    assert normalise("Взаимо\u00adдействие\u200b ОДКБ\ufeff") == "Взаимодействие ОДКБ"


def test_nfc_joins_a_letter_and_its_combining_mark():
    assert normalise("и\u0306") == "й"


def test_a_word_hyphenated_across_a_line_end_is_joined():
    assert normalise("военно-\nслужащие и informa-\ntion") == "военнослужащие и information"
    assert normalise("north-\nWest") == "north- West"


def test_lines_join_and_paragraphs_stay_parted_by_one_blank_line():
    text = "  First line\nof a paragraph.\r\n\r\n\n  Second\t paragraph.  \n \n"
    assert normalise(text) == "First line of a paragraph.\n\nSecond paragraph."
