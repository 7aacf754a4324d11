"""Russian named entities (persons, places, organizations) with slovnet and navec.

The model files are the ones shipped inside the installed natasha wheel (its ``data/`` folder, found
through ``importlib.util.find_spec`` without importing natasha, whose import pulls in more than is
needed). They are loaded once per process (about a second); nothing is ever downloaded. The spans of
the last texts are kept, so that tagging and the removal of person names, which both need them, run
the model once per text.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache, lru_cache
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
    """The persons, places and organizations slovnet finds in a Russian text, in order."""
    return list(cached_spans(text))


@lru_cache(maxsize=64)
def cached_spans(text: str) -> tuple[Span, ...]:
    """The spans of the last texts (tagging and name removal both ask for them)."""
    if not text.strip():
        return ()
    markup = russian_tagger()(text)
    return tuple(Span(span.type, span.start, span.stop) for span in markup.spans if span.type in SPAN_TYPES)
