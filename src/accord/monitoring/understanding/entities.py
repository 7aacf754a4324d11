"""The states, places, bodies, posts, forces, trainings, operations and organizations a text names.

The lexicon finds every name it knows (rule ``gazetteer``). In Russian, slovnet's places and
organizations confirm them (``ner+gazetteer``), and a place or an organization slovnet finds that the
lexicon does not know is kept under the lemmas of its words (rule ``ner``, a lower score): it may be a
village no list holds. English has no model here: the lexicon alone. A place implies its state (rule
``place:<key>``). Persons are never tags: slovnet's PER spans are only used to remove names
(:mod:`.names`); a public official is tagged as the post.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.monitoring.understanding.doc import Doc
from accord.monitoring.understanding.lexicon import Lexicon, Match
from accord.monitoring.understanding.ner import Span, russian_spans
from accord.monitoring.understanding.shapes import Tag

NER_SCORE = 0.6  # a name only the model found
IMPLIED_SCORE = 0.8  # a state only a place named
NER_KINDS = {"LOC": "place", "ORG": "organization"}


@dataclass
class Found:
    """The occurrences of one thing while the tags are gathered."""

    kind: str
    key: str
    rule: str
    score: float = 1.0
    words: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, words: str, span: tuple[int, int]) -> None:
        if span not in self.spans:
            self.words.append(words)
            self.spans.append(span)

    def tag(self) -> Tag:
        return Tag(self.kind, self.key, self.rule, tuple(self.words), tuple(self.spans), self.score)


def find_entities(doc: Doc, lexicon: Lexicon, spans: list[Span] | None = None) -> list[Tag]:
    """The entities of ``doc`` as tags, one per thing, in the order first named.

    ``spans`` are slovnet's spans of a Russian text when the caller has them already (read when None).
    """
    if spans is None:
        spans = russian_spans(doc.text) if doc.language == "ru" else []
    named = [span for span in spans if span.type in NER_KINDS]
    found: dict[tuple[str, str], Found] = {}
    matches = lexicon.match(doc)
    for match in matches:
        add_match(doc, match, named, found)
    for span in named:
        add_unknown(doc, span, matches, found)
    add_implied_states(lexicon, found)
    ordered = sorted(found.values(), key=lambda item: item.spans[0][0] if item.spans else 0)
    return [item.tag() for item in ordered]


def char_span(doc: Doc, match: Match) -> tuple[int, int]:
    return doc.tokens[match.token_start].start, doc.tokens[match.token_stop - 1].stop


def overlaps(first: tuple[int, int], second: tuple[int, int]) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def add_match(doc: Doc, match: Match, named: list[Span], found: dict[tuple[str, str], Found]) -> None:
    """A lexicon match; confirmed by the model when a place or organization span covers it."""
    span = char_span(doc, match)
    confirmed = any(overlaps(span, (item.start, item.stop)) for item in named)
    rule = "ner+gazetteer" if confirmed else "gazetteer"
    item = found.setdefault((match.kind, match.key), Found(match.kind, match.key, rule))
    if confirmed:
        item.rule = rule
    item.add(doc.words_at(*span), span)


def add_unknown(doc: Doc, span: Span, matches: list[Match], found: dict[tuple[str, str], Found]) -> None:
    """A place or organization the model found where the lexicon found nothing, under its lemmas."""
    where = (span.start, span.stop)
    if any(overlaps(where, char_span(doc, match)) for match in matches):
        return
    lemmas = [token.lemma for token in doc.tokens if token.start >= span.start and token.stop <= span.stop]
    if not lemmas:
        return
    kind = NER_KINDS[span.type]
    key = "-".join(lemmas)
    item = found.setdefault((kind, key), Found(kind, key, "ner", NER_SCORE))
    item.add(doc.words_at(*where), where)


def add_implied_states(lexicon: Lexicon, found: dict[tuple[str, str], Found]) -> None:
    """The state (or states, for an area of interest across a border) of each known place, unless the
    text names the state itself."""
    for item in list(found.values()):
        states = lexicon.states_of(item.key) if item.kind == "place" else ()
        for state in states:
            implied = found.setdefault(
                ("state", state), Found("state", state, f"place:{item.key}", IMPLIED_SCORE)
            )
            if implied.rule.startswith("place:"):
                for words, span in zip(item.words, item.spans, strict=True):
                    implied.add(words, span)
