"""A check that free text holds no list of people's names.

The forces records are about units, figures and institutions, never about named people (no dossiers
on private persons). A note or a contact is refused when it looks like it names people: Russian
initials («И.О.», "I.O."), patronymic endings (-ович, -евна …), or several capitalised name-like words
in a row ("Ivan Petrov, Sergei Ivanov"). Pure: no Django, so the rule is tested alone.
"""

from __future__ import annotations

import re

INITIALS = re.compile(r"(?<!\w)[A-ZА-ЯЁ]\.\s?[A-ZА-ЯЁ]\.(?!\w)")
PATRONYMIC = re.compile(
    r"(?<!\w)[А-ЯЁ][а-яё]+(?:ович|евич|овича|евича|овна|евна|ична|инична)(?!\w)"
    r"|(?<!\w)[A-Z][a-z]+(?:ovich|evich|ovna|evna|ichna)(?!\w)"
)
NAME_WORD = r"[A-ZА-ЯЁ][a-zа-яё]{2,}(?:-[A-ZА-ЯЁ][a-zа-яё]+)?"
NAME_PAIR = re.compile(rf"(?<!\w){NAME_WORD}\s+{NAME_WORD}(?!\w)")
# Beginnings of capitalised words that are not names: institutions, places, months and the like
# (beginnings, so that every Russian case form of a word matches).
NOT_NAME_STEMS = tuple(
    """
    air armed army base brotherhood cent collective command commit commonwealth cooperat council cross
    defen department deploy division directorate bureau unit section desk programm threat
    emergenc federal force general group headquarters independent interior
    internal international joint kant militar ministr mission nation office operation organi peacekeep
    permanent rapid reaction red region represent republic russia secretar securit service special staff
    states structure terror treaty united universit aviation central asian east european caucasian
    anti-terror shanghai kazan moscow minsk bishkek dushanbe yerevan astana almaty nur-sultan
    january february march april may june july august september october november december
    министерств объединён объединен штаб секретариат совет комитет центр сил войск управлени
    российск федерац республик организац наци коллективн миротворч антитеррорист региональн структур
    содружеств независим государств международн красн крест вуз университет академи институт
    москв минск казан бишкек душанбе ереван астан
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


def looks_like_names(text: str) -> str | None:
    """Why ``text`` looks like it names people (initials, a patronymic, names in a row), or None."""
    if INITIALS.search(text):
        return "it holds initials of a person (such as «И.О.»)"
    found = PATRONYMIC.search(text)
    if found:
        return f"it holds a patronymic ({found.group(0)!r})"
    pairs = [match.group(0) for match in NAME_PAIR.finditer(text) if not is_institutional(match.group(0))]
    if len(pairs) >= 2 or (pairs and len(text.split()) <= 3 and not is_institutional(text)):
        return f"it looks like names of people ({', '.join(pairs[:3])})"
    return None


def is_institutional(pair: str) -> bool:
    """Words of which one is a known word of institutions or places."""
    return any(word.lower().strip(',.;:()«»"').startswith(NOT_NAME_STEMS) for word in pair.split())
