"""Free text in the forces records names no people: units, figures and institutions, never persons.

The forces records have no field for a person (no dossiers on private persons); their free text — a
result's note, a finding, a reason, a contact's office — could still carry names, so it passes these
checks before it is written. :func:`names_in` is for prose (notes, findings, reasons);
:func:`looks_like_names` adds a check for short fields that hold an institution or a unit.

:func:`names_in` is a set of plain patterns, in English and Russian, each of which is how names
are written and ordinary notes about seizures, channels and agencies are not:

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


SHORT_NAME_WORD = r"[A-ZА-ЯЁ][a-zа-яё]{2,}(?:-[A-ZА-ЯЁ][a-zа-яё]+)?"
SHORT_NAME_PAIR = re.compile(rf"(?<!\w){SHORT_NAME_WORD}\s+{SHORT_NAME_WORD}(?!\w)")
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
    """Why ``text`` looks like it names people, or None: the checks of :func:`names_in`, and for short
    fields (an institution, an office, a unit) names in a row counted from the first word, since a
    field that is only a capitalised pair is more likely a person than a sentence."""
    found = names_in(text)
    if found:
        return found
    pairs = [
        match.group(0) for match in SHORT_NAME_PAIR.finditer(text) if not is_institutional(match.group(0))
    ]
    if len(pairs) >= 2 or (pairs and len(text.split()) <= 3 and not is_institutional(text)):
        return f"it looks like names of people ({', '.join(pairs[:3])})"
    return None


def is_institutional(pair: str) -> bool:
    """Words of which one is a known word of institutions or places."""
    return any(word.lower().strip(',.;:()«»"').startswith(NOT_NAME_STEMS) for word in pair.split())
