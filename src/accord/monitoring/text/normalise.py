"""One spelling for what texts write many ways, so that comparing, keying and reading see the same text.

What :func:`normalise` does, in order:

- Unicode NFC (``й`` written as ``и`` + combining breve becomes one letter);
- soft hyphens and zero-width characters (U+00AD, U+200B–U+200D, U+2060, U+FEFF) are removed;
- a number's digit groups separated by a no-break, thin, narrow or figure space (``1 500``,
  ``320 000 000``) are joined with NOTHING: ``1500``, ``320000000``: one number, read as one by the
  figures' reader. A plain ASCII space between digits is left as written: it may part two numbers
  (``in 2018 2 500 troops``);
- quotes become ASCII: «», „“, “”, ″ → ``"``; ‘’‚′ → ``'``;
- hyphens and minus signs (U+2010, U+2011, U+2212) become ``-``; en dashes, em dashes and the
  horizontal bar become ``—``, except an en dash between two digits (``2018–2019``) which becomes ``-``;
- every other Unicode space becomes a plain space and runs of spaces one;
- a word hyphenated across a line end (``informa-`` / ``tion``) is joined when the next line goes on
  in lower case;
- lines of one paragraph are joined with a space; paragraphs (parted by a blank line) are kept,
  parted by exactly ``"\\n\\n"``; the text is stripped.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
REPLACED = {
    "«": '"',
    "»": '"',
    "„": '"',
    "“": '"',
    "”": '"',
    "‟": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "′": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2012": "—",
    "\u2013": "—",
    "\u2014": "—",
    "\u2015": "—",
}
# One pass of a regular expression over the text: far faster than str.translate when, as usual,
# few characters need replacing.
TO_REPLACE = re.compile("[" + "".join(REPLACED) + "]")
# Each pattern starts with its rare character and looks behind only after it: a look-behind first
# would be tried at every position of the text (five times slower on a 5 KB article).
GROUPED_NUMBER = re.compile(r"[\u00a0\u2007\u2009\u202f](?<=\d.)(?=\d{3}(?!\d))")
GROUPED_NUMBER_ENTITY = re.compile(
    r"(\d)&(?:nbsp|thinsp|#160|#xa0|#8201|#x2009|#8239|#x202f|#8199|#x2007);(?=\d{3}(?!\d))",
    re.IGNORECASE,
)
NUMBER_RANGE = re.compile(r"\u2013(?<=\d.)(?=\d)")
LINE_END_HYPHEN = re.compile(r"-(?<=[^\W\d_]-)[ \t]*\n[ \t]*(?=[a-zа-яё])")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def normalise(text: str) -> str:
    """``text`` in the one spelling described in this module's docstring."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = join_digit_groups(text)
    text = NUMBER_RANGE.sub("-", text)
    text = TO_REPLACE.sub(_replacement, text)
    text = LINE_END_HYPHEN.sub("", text)
    paragraphs = (_one_paragraph(part) for part in PARAGRAPH_BREAK.split(text))
    return "\n\n".join(part for part in paragraphs if part)


def join_digit_groups(text: str) -> str:
    """``1 500`` written with a no-break, thin, narrow or figure space (or its HTML entity) as ``1500``.

    Done on a page before trafilatura reads it too: trafilatura turns every no-break space into a
    plain one, after which the number's groups could no longer be told from two numbers.
    """
    if "&" in text:
        text = GROUPED_NUMBER_ENTITY.sub(r"\1", text)
    return GROUPED_NUMBER.sub("", text)


def _replacement(found: re.Match[str]) -> str:
    return REPLACED[found.group()]


def _one_paragraph(part: str) -> str:
    """A paragraph's lines joined, every run of (Unicode) white space one plain space."""
    return " ".join(part.split())
