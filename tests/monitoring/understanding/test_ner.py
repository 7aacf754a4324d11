"""Russian NER from the model files inside the natasha wheel, never downloaded."""

from __future__ import annotations

import re

import pytest

from accord.monitoring.understanding import ner


def test_persons_places_and_organizations_are_found():
    text = "Генеральный секретарь ОДКБ Станислав Зась прибыл в Душанбе."
    spans = {(span.type, text[span.start : span.stop]) for span in ner.russian_spans(text)}
    assert ("PER", "Станислав Зась") in spans
    assert ("LOC", "Душанбе") in spans
    assert ("ORG", "ОДКБ") in spans
    assert ner.russian_spans("   ") == []


def test_a_missing_model_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(ner, "model_folder", lambda: tmp_path)
    with pytest.raises(RuntimeError, match=re.escape("slovnet_ner_news_v1.tar")):
        ner.model_file(ner.NER_FILE)
    with pytest.raises(RuntimeError, match=re.escape("navec_news_v1_1B_250K_300d_100q.tar")):
        ner.model_file(ner.NAVEC_FILE)
