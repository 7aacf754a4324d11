"""Russian named entities (persons, places, organizations) with slovnet and navec.

The model files are the ones shipped inside the installed natasha wheel (its ``data/`` folder, found
through ``importlib.util.find_spec`` without importing natasha, whose import pulls in more than is
needed). They are loaded once per process (about a second); nothing is ever downloaded. The spans of
the last texts are kept, so that tagging and the removal of person names, which both need them, run
the model once per text.
"""

from __future__ import annotations

import importlib.util
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

NAVEC_FILE = "emb/navec_news_v1_1B_250K_300d_100q.tar"
NER_FILE = "model/slovnet_ner_news_v1.tar"
SPAN_TYPES = ("PER", "LOC", "ORG")


@dataclass(frozen=True)
class Span:
    """A named entity: ``PER``, ``LOC`` or ``ORG``, and its offsets in the text (stop excluded)."""

    type: str
    start: int
    stop: int


def model_folder() -> Path:
    """The ``data/`` folder of the installed natasha wheel; RuntimeError when it is not installed."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.origin:
        raise RuntimeError(
            "the natasha wheel (which holds the slovnet and navec model files) is not installed"
        )
    return Path(spec.origin).parent / "data"


def model_file(name: str) -> Path:
    """One model file; RuntimeError naming it when it is absent."""
    path = model_folder() / name
    if not path.is_file():
        raise RuntimeError(
            f"the model file {path} is missing (it ships with the natasha wheel; never downloaded)"
        )
    return path


@cache
def russian_tagger() -> Any:
    """slovnet's NER model with navec's embeddings, loaded once per process."""
    from navec import Navec
    from slovnet import NER

    navec = Navec.load(str(model_file(NAVEC_FILE)))
    tagger = NER.load(str(model_file(NER_FILE)))
    tagger.navec(navec)
    return tagger


def russian_spans(text: str) -> list[Span]:
    """The persons, places and organizations slovnet finds in a Russian text, in order.

    The spans of the last texts are kept (tagging and name removal both ask for them).
    """
    spans = _RECENT.get(text)
    if spans is None:
        spans = tuple(model_spans(text))
        remember_spans(text, spans)
    else:
        _RECENT.move_to_end(text)
    return list(spans)


def model_spans(text: str) -> list[Span]:
    if not text.strip():
        return []
    markup = russian_tagger()(text)
    return [Span(span.type, span.start, span.stop) for span in markup.spans if span.type in SPAN_TYPES]


def remember_spans(text: str, spans: tuple[Span, ...] | list[Span]) -> None:
    """Keep the spans of ``text`` (as if the model had run on it): the text without its names
    keeps the places and organizations found before the names were taken out."""
    _RECENT[text] = tuple(spans)
    _RECENT.move_to_end(text)
    while len(_RECENT) > RECENT_TEXTS:
        _RECENT.popitem(last=False)


RECENT_TEXTS = 64
_RECENT: OrderedDict[str, tuple[Span, ...]] = OrderedDict()
