"""Every name Accord knows, as lemmas, and a matcher that finds them in a :class:`Doc`.

The lexicon is plain data (picklable, no database objects): the charter's states, regions, areas of
interest, bodies and posts, the forces' formations, training series and kinds of operation, and the
shipped places, organizations and other names (``data/csto/monitoring/``). Each name becomes a form,
one key per word: the word's lemma (so «в Согдийской области» finds «Согдийская область»), or, for an
acronym, ``=`` and the acronym as written (so "CIS" is found and "cis" is not).

Two rules keep common words from becoming names:

- states, places, organizations, trainings and operations whose name is written with a capital are
  found only where the text writes them with a capital ("Georgia", not "georgia"); the charter's
  regions and areas of interest are not («на таджикско-афганской границе» is written in lower case);
- a training or an operation named by one common word (Search/Поиск, Interaction/Взаимодействие,
  Channel/Канал) is found only where the text marks it as a name: with a year (``Поиск-2018``, one
  word for razdel), in quotes («Поиск», "Interaction"), or with a capital mid-sentence next to a word
  for exercises or operations ("the Cobalt exercise", «учения Рубеж»). A year's training is tagged as
  its series.

States are never found from adjectives ("Russian", «казахстанский»): see ``aliases.yaml``.

The charter's areas of interest are places the analyst watches: one with bounds of its own (the
Tajik-Afghan border) is tagged as a ``place`` and implies each of its states, as a listed place implies
its state; one without is its states alone (Afghanistan: tagged ``state``) and stays a ``region``
beside them, as the charter's regions are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from razdel import tokenize

from accord.monitoring.understanding.doc import WORD, Doc, Token, lemma_of, russian_morphology

YEAR_SUFFIX = re.compile(r"^(?P<stem>.*[^\W\d_])[-‐–](?:\d{4}|\d{2})$")
POSSESSIVE = re.compile(r"^(?P<stem>.+)['’]s$")
QUOTES = "«\"“„'‘"
EXERCISE_LEMMAS = frozenset(
    {
        "учение",
        "учения",
        "тренировка",
        "маневр",
        "маневры",
        "операция",
        "опм",
        "exercise",
        "exercises",
        "drill",
        "drills",
        "operation",
        "manoeuvre",
        "maneuver",
        "training",
    }
)
NEARBY = 3  # how many words either side an exercise word may stand
CAPITALISED_KINDS = frozenset({"state", "place", "organization", "training", "operation"})
COMMON_WORD_KINDS = frozenset({"training", "operation"})


@dataclass(frozen=True)
class Entry:
    """One form of one name: what it names and the keys of its words."""

    kind: str
    key: str
    form: tuple[str, ...]
    capitalised: bool = False  # its first word must be written with a capital
    marked: bool = False  # a common word: only where the text marks it as a name


@dataclass(frozen=True)
class Match:
    """A name found: what it names and the words (token indices, stop excluded) that name it."""

    kind: str
    key: str
    token_start: int
    token_stop: int


@dataclass(frozen=True)
class PlaceInfo:
    """Where a place is: its kind, state and approximate coordinates."""

    key: str
    kind: str
    state: str
    lat: float
    lon: float


@dataclass(frozen=True)
class NameRow:
    """One name of one thing in one language, as a data file or the database gives it."""

    kind: str
    key: str
    language: str
    name: str
    proper: bool = True  # written with a capital where a text names it (a charter's area is not)


@dataclass
class Lexicon:
    """The names, indexed by the key of their first word (longest forms first)."""

    index: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    places: dict[str, PlaceInfo] = field(default_factory=dict)
    areas: dict[str, tuple[str, ...]] = field(default_factory=dict)  # an area-of-interest place's states

    def match(self, doc: Doc) -> list[Match]:
        """The names in ``doc``, left to right, the longest at each word first, none overlapping.

        Where one form names two things (Afghanistan the state and the area of interest), both are
        returned for the same words.
        """
        keys = [token_keys(token) for token in doc.tokens]
        starts = {start for start, _ in doc.sentences}
        found: list[Match] = []
        position = 0
        while position < len(keys):
            matched = self.match_at(doc, keys, starts, position)
            found += matched
            position = matched[0].token_stop if matched else position + 1
        return found

    def match_at(self, doc: Doc, keys: list[TokenKeys], starts: set[int], position: int) -> list[Match]:
        """The names whose form starts at ``position`` (all of the longest length that fits)."""
        candidates = self.candidates(keys[position].keys)
        length = 0
        found: list[Match] = []
        for entry in candidates:
            size = len(entry.form)
            if found and size < length:
                break
            if not fits(entry, doc, keys, starts, position):
                continue
            length = size
            match = Match(entry.kind, entry.key, position, position + size)
            if match not in found:
                found.append(match)
        return found

    def candidates(self, first_keys: Iterable[str]) -> Sequence[Entry]:
        """The entries whose first word is one of these keys, longest forms first (most words name
        nothing: they cost one look-up per key)."""
        found = [entries for key in first_keys if (entries := self.index.get(key))]
        if not found:
            return ()
        if len(found) == 1:
            return found[0]  # each key's entries are kept longest first
        return sorted((entry for entries in found for entry in entries), key=lambda entry: -len(entry.form))

    def entries(self) -> list[Entry]:
        """Every entry, each once."""
        return list(dict.fromkeys(entry for entries in self.index.values() for entry in entries))

    def keys(self, kind: str) -> set[str]:
        """The keys of one kind the lexicon knows."""
        return {entry.key for entry in self.entries() if entry.kind == kind}

    def state_of(self, place: str) -> str:
        """The state (ISO alpha-3) a place lies in ("" when unknown)."""
        info = self.places.get(place)
        return info.state if info else ""

    def states_of(self, place: str) -> tuple[str, ...]:
        """Every state a place lies in: a listed place's one, or each state of an area of interest
        that spans several (the Tajik-Afghan border names Tajikistan and Afghanistan)."""
        state = self.state_of(place)
        return (state,) if state else self.areas.get(place, ())


@dataclass(frozen=True)
class TokenKeys:
    """The keys one word of a text may match, and whether it carried a year (``Поиск-2018``)."""

    keys: frozenset[str]
    year: bool = False


def token_keys(token: Token) -> TokenKeys:
    """The lemma, the acronym as written, and the same for the word without a year or a ``'s``."""
    return keys_of_word(token.text, token.lower, token.lemma)


@lru_cache(maxsize=200_000)
def keys_of_word(text: str, lower: str, lemma: str) -> TokenKeys:
    language = "ru" if re.search("[а-яё]", lower) else "en"
    keys = {lemma, lower}
    if language == "ru":
        keys |= russian_lemmas(lower)
    if is_acronym(text):
        keys.add("=" + text)
    year = YEAR_SUFFIX.match(text)
    for pattern in (year, POSSESSIVE.match(text)):
        if pattern:
            stem = pattern.group("stem")
            keys.add(lemma_of(stem.lower(), language))
            if is_acronym(stem):
                keys.add("=" + stem)
    return TokenKeys(frozenset(keys), year=bool(year))


@lru_cache(maxsize=100_000)
def russian_lemmas(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy3 offers for a word, not only the likeliest: «под Минском» is
    first read as the adjective «минский», and the city is the second reading."""
    return frozenset(parse.normal_form.replace("ё", "е") for parse in russian_morphology().parse(word)[:4])


def is_acronym(word: str) -> bool:
    """Two or more letters, all capitals ("CIS", «ОДКБ», "U.N.")."""
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def fits(entry: Entry, doc: Doc, keys: list[TokenKeys], starts: set[int], position: int) -> bool:
    """Whether ``entry`` is named by the words from ``position``, as the rules of the module say."""
    stop = position + len(entry.form)
    if stop > len(keys):
        return False
    if any(part not in keys[position + offset].keys for offset, part in enumerate(entry.form)):
        return False
    first = doc.tokens[position]
    if entry.marked:
        return marked_as_name(doc, keys, starts, position, stop)
    return not entry.capitalised or first.text[:1].isupper()


def marked_as_name(doc: Doc, keys: list[TokenKeys], starts: set[int], start: int, stop: int) -> bool:
    """A year on the name, quotes before it, or a capital mid-sentence beside an exercise word."""
    if any(keys[index].year for index in range(start, stop)):
        return True
    first = doc.tokens[start]
    if first.start and doc.text[first.start - 1] in QUOTES:
        return True
    if not first.text[:1].isupper() or first.start in starts:
        return False
    nearby = doc.tokens[max(0, start - NEARBY) : stop + NEARBY]
    return any(token.lemma in EXERCISE_LEMMAS or token.lower in EXERCISE_LEMMAS for token in nearby)


def form_of(name: str, language: str) -> tuple[str, ...]:
    """The keys of a name's words: lemmas, or ``=ACRONYM`` for a word in capitals."""
    words = [piece.text for piece in tokenize(name) if WORD.search(piece.text)]
    return tuple("=" + word if is_acronym(word) else lemma_of(word.lower(), language) for word in words)


def entry_for(row: NameRow) -> Entry | None:
    """The entry of one name (None when the name has no word)."""
    form = form_of(row.name, row.language)
    if not form:
        return None
    capitalised = row.kind in CAPITALISED_KINDS and row.proper and row.name[:1].isupper()
    marked = row.kind in COMMON_WORD_KINDS and len(form) == 1
    return Entry(row.kind, row.key, form, capitalised, marked)


def build_lexicon(
    rows: Iterable[NameRow],
    places: Sequence[PlaceInfo] = (),
    areas: dict[str, tuple[str, ...]] | None = None,
) -> Lexicon:
    """A lexicon of ``rows`` (each name in its language), the places' whereabouts and the states of
    the areas of interest tagged as places."""
    index: dict[str, list[Entry]] = {}
    for row in rows:
        entry = entry_for(row)
        if entry is not None and entry not in index.get(entry.form[0], []):
            index.setdefault(entry.form[0], []).append(entry)
    ordered = {
        key: tuple(sorted(entries, key=lambda entry: -len(entry.form))) for key, entries in index.items()
    }
    return Lexicon(ordered, {place.key: place for place in places}, dict(areas or {}))


def both(kind: str, key: str, english: str, russian: str) -> list[NameRow]:
    """The rows of a name given in English and Russian (an empty one left out)."""
    return [
        NameRow(kind, key, language, name) for language, name in (("en", english), ("ru", russian)) if name
    ]


# ---------------------------------------------------------------------------------------------
# The shipped files and the database
# ---------------------------------------------------------------------------------------------

ALIAS_KINDS = {
    "states": "state",
    "bodies": "body",
    "posts": "post",
    "formations": "formation",
    "trainings": "training",
    "operations": "operation",
}


def file_rows() -> list[NameRow]:
    """The names of the shipped files: places (with their extra forms), organizations, aliases."""
    from accord.monitoring.understanding import datafiles

    rows: list[NameRow] = []
    for place in datafiles.places_file().places:
        extra = place.forms.model_dump() if place.forms else {"en": [], "ru": []}
        for language in ("en", "ru"):
            names = [*getattr(place.names, language), *extra[language]]
            rows += [NameRow("place", place.key, language, name) for name in names]
    for organization in datafiles.organizations_file().organizations:
        rows += named_rows("organization", organization)
    aliases = datafiles.aliases_file()
    for section, kind in ALIAS_KINDS.items():
        for item in getattr(aliases, section):
            rows += named_rows(kind, item)
    return rows


def named_rows(kind: str, item: object) -> list[NameRow]:
    names = item.names  # type: ignore[attr-defined]
    key = item.key  # type: ignore[attr-defined]
    return [
        NameRow(kind, key, language, name) for language in ("en", "ru") for name in getattr(names, language)
    ]


def file_places() -> list[PlaceInfo]:
    from accord.monitoring.understanding.datafiles import places_file

    return [PlaceInfo(p.key, p.kind, p.state, p.lat, p.lon) for p in places_file().places]


def shipped_lexicon() -> Lexicon:
    """The lexicon of the shipped files alone (no database): for tests and for name removal outside
    a request. Cached per process."""
    if "shipped" not in _SHIPPED:
        _SHIPPED["shipped"] = build_lexicon(file_rows(), file_places())
    return _SHIPPED["shipped"]


_SHIPPED: dict[str, Lexicon] = {}


def database_rows() -> list[NameRow]:
    """The names of the charter's and the forces' records, read as Accord itself."""
    from accord.charter.models import AreaOfInterest, Body, Post, Region, State
    from accord.core.access import SYSTEM_USER
    from accord.forces.models import Formation, OperationType, TrainingSeries

    rows: list[NameRow] = []
    for state in State.objects.restrict(SYSTEM_USER):
        rows += both("state", state.code, state.name_en, state.name_ru)
    for region in Region.objects.restrict(SYSTEM_USER):
        rows += both("region", region.key, region.name_en, region.name_ru)
    for area in AreaOfInterest.objects.restrict(SYSTEM_USER):
        kind = "place" if area.bbox is not None else "region"
        rows += [
            NameRow(kind, area.key, language, name, proper=False)
            for language, name in (("en", area.name_en), ("ru", area.name_ru))
            if name
        ]
    for body in Body.objects.restrict(SYSTEM_USER):
        rows += both("body", body.key, body.name_en, body.name_ru)
        rows += both("body", body.key, body.abbreviation_en, body.abbreviation_ru)
    for post in Post.objects.restrict(SYSTEM_USER):
        rows += both("post", post.key, post.name_en, post.name_ru)
    for formation in Formation.objects.restrict(SYSTEM_USER):
        rows += both("formation", formation.key, formation.name_en, formation.name_ru)
        rows += both("formation", formation.key, formation.short_en, formation.short_ru)
    for series in TrainingSeries.objects.restrict(SYSTEM_USER):
        rows += both("training", series.key, series.name_en, series.name_ru)
    for operation in OperationType.objects.restrict(SYSTEM_USER):
        rows += both("operation", operation.key, operation.name_en, operation.name_ru)
    return rows


def area_places() -> dict[str, tuple[str, ...]]:
    """The charter's areas of interest that are places (key → their states): those with bounds of
    their own; an area without is its states alone (Afghanistan), and its states are tagged already."""
    from accord.charter.models import AreaOfInterest
    from accord.core.access import SYSTEM_USER

    areas = AreaOfInterest.objects.restrict(SYSTEM_USER).prefetch_related("states")
    return {
        area.key: tuple(sorted(state.code for state in area.states.all()))
        for area in areas
        if area.bbox is not None
    }


def current_lexicon() -> Lexicon:
    """The lexicon of the database (charter, forces) and the shipped files; the caller caches it
    (:mod:`accord.monitoring.understanding.knowledge`)."""
    return build_lexicon([*database_rows(), *file_rows()], file_places(), area_places())
