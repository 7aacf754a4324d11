"""Refusing notes that name people: the results of an operation are figures, never a list of persons.

A result has no field for a person; its free-text note could still carry names, so every note (and
every reason for a withdrawal) passes :func:`names_in` before it is written. The check is a set of
plain patterns, in English and Russian, each of which is how names are written and ordinary notes
about seizures, channels and agencies are not:

1. **Initials with a surname**: «Иванов И.И.», «И. И. Иванов», "Ivanov I.", "J. Smith", "S.V. Zas".
   One is enough: a note names no one.
2. **A patronymic**: a capitalised word ending in -ович, -евич, -овна, -евна, -ична, -инична (or
   their Latin spellings -ovich, -evich, -ovna, -evna). One is enough.
3. **A title before a capitalised word**: "Mr", "Mrs", "Ms", "Miss", "Dr", «гражданин», «гражданка»,
   «гр.». One is enough.
4. **Several names in prose**: two or more pairs of capitalised words in a row ("Ivan Petrov and
   Oleg Sidorov"), not counting a pair that contains a word of institutions or places ("Border
   Service", "Russian Federation", «Республика Таджикистан»), nor the first word of a sentence.
5. **Lines of names**: two or more lines (or items between ``;``) each made only of two or three
   capitalised words, the shape of a list of people.

The check errs on refusing: someone with an unusual note can rephrase it ("two couriers", "the
border service"), while a name once written stays in the record and its history.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

UPPER = "A-ZА-ЯЁ"
LOWER = "a-zа-яё"
WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)?"
INITIAL = rf"[{UPPER}]\.\s?"

INITIALS = re.compile(
    rf"(?<![{UPPER}{LOWER}])(?:{WORD}\s+(?:{INITIAL}){{1,2}}|(?:{INITIAL}){{1,2}}\s?{WORD})"
)
PATRONYMIC = re.compile(rf"\b[{UPPER}][{LOWER}]+(?:ович|евич|овна|евна|ична|инична|ovich|evich|ovna|evna)\b")
TITLE = re.compile(rf"(?:\b(?:Mr|Mrs|Ms|Miss|Dr)\.?|\b(?:гражданин|гражданка|гр\.))\s+[{UPPER}]")
PAIR = re.compile(rf"(?<![{UPPER}{LOWER}.-])({WORD})(?=[ \t]+({WORD})(?![{LOWER}]))")
ITEM = re.compile(rf"^\s*(?:[-•*\d.)]+\s*)?{WORD}(?:\s+{WORD}){{1,2}}\s*[.,]?\s*$")

# Words of institutions and places: a pair of capitalised words holding one is not a person's name.
INSTITUTION_WORDS = """
    Service Services Border Ministry Internal Affairs Interior Security National State States Federal
    Federation Republic Committee Agency Guard Police Customs Control Drug Drugs Joint Staff Secretariat
    Office General Emergency Defence Defense Forces Force Council Union United Nations Kingdom Central
    Asian Asia Collective Treaty Organization Operation Channel Illegal Mercenary Proxy Department
    Directorate Prosecutor Investigative Intelligence Financial Monitoring Migration Tajik Afghan Kyrgyz
    Russian Armenian Belarusian Kazakh Uzbek Tajikistan Afghanistan Kyrgyzstan Russia Armenia Belarus
    Kazakhstan Uzbekistan Serbia
    Служба Службы Пограничная Пограничной Министерство Министерства Внутренних Дел Государственный
    Государственного Национальной Национальный Безопасности Комитет Комитета Федерация Федерации
    Федеральная Федеральной Республика Республики Кыргызской Российской Таджикистан Таджикистана
    Армения Армении Беларусь Беларуси Казахстан Казахстана Кыргызстан Кыргызстана Россия России
    Узбекистан Узбекистана Афганистан Афганистана Таможенный Таможенной Агентство Агентства Управление
    Управления Генеральная Генеральной Прокуратура Прокуратуры Канал Нелегал Наёмник Наемник Прокси
    Объединённый Объединенный Штаб Секретариат Организации Договора Коллективной
    """
NOT_NAMES = frozenset(word.lower() for word in INSTITUTION_WORDS.split())


def sentence_start(text: str, position: int) -> bool:
    """Whether a word at ``position`` begins the text or a sentence (a capital there is grammar)."""
    before = text[:position].rstrip()
    return not before or before[-1] in '.!?\n«"('


def name_pairs(text: str) -> list[str]:
    """Pairs of capitalised words that may be a first name and a surname."""
    found = []
    for match in PAIR.finditer(text):
        first, second = match.group(1), match.group(2)
        if {first.lower(), second.lower()} & NOT_NAMES:
            continue
        if sentence_start(text, match.start()):
            continue
        found.append(f"{first} {second}")
    return found


def listed_names(text: str) -> list[str]:
    """Lines (or ``;`` items) made only of two or three capitalised words, none an institution's."""
    items = [item for item in re.split(r"[\n;]", text) if item.strip()]
    return [
        item.strip()
        for item in items
        if ITEM.match(item) and not set(re.findall(rf"[{UPPER}{LOWER}]+", item.lower())) & NOT_NAMES
    ]


def names_in(text: str) -> str | None:
    """Why ``text`` looks like it names people (the pattern and what matched), or None when it does not."""
    if not text or not text.strip():
        return None
    checks = (
        (INITIALS.search(text), _("a name with initials")),
        (PATRONYMIC.search(text), _("a patronymic")),
        (TITLE.search(text), _("a title before a name")),
    )
    for match, what in checks:
        if match:
            return f"{what} ({match.group(0).strip()!r})"
    pairs = name_pairs(text)
    if len(pairs) >= 2:
        return f"{_('several first names and surnames')} ({', '.join(repr(pair) for pair in pairs[:3])})"
    lines = listed_names(text)
    if len(lines) >= 2:
        return f"{_('a list of names')} ({', '.join(repr(line) for line in lines[:3])})"
    return None
