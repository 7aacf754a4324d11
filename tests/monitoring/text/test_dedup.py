"""The same story counted once: exact keys, signatures, and near-duplicates found and not."""

from __future__ import annotations

import time

from accord.monitoring.text.dedup import (
    NearDuplicates,
    exact_key,
    minhash,
    shingle_hashes,
    signature,
    signature_bytes,
    signature_from_bytes,
    words_of,
)
from tests.monitoring.text.texts import ENGLISH, ENGLISH_OTHER, RUSSIAN

CHANGED_SENTENCE = ENGLISH.replace(
    "Aviation of the member states supported the ground forces.",
    "Helicopters of two member states flew in support of the ground units.",
)
DROPPED_PARAGRAPH = "\n\n".join(part for index, part in enumerate(ENGLISH.split("\n\n")) if index != 2)


def test_the_exact_key_ignores_spacing_case_punctuation_and_quotes():
    republished = ENGLISH.upper().replace(". ", " .  ").replace("\n\n", "\n")
    assert exact_key(republished) == exact_key(ENGLISH)
    assert exact_key("«Взаимодействие-2018»: 1\u00a0500 военнослужащих") == exact_key(
        '"взаимодействие 2018" 1500 Военнослужащих'
    )


def test_the_exact_key_changes_with_a_word():
    assert exact_key(ENGLISH) != exact_key(ENGLISH.replace("four thousand", "five thousand"))
    assert len(exact_key(RUSSIAN)) == 64


def test_words_read_yo_as_ye_and_drop_punctuation():
    assert words_of("Учёные, ОДКБ!") == ["ученые", "одкб"]


def test_shingles_of_a_short_text_are_one_of_what_it_has():
    assert len(shingle_hashes(["a", "b"])) == 1
    assert len(shingle_hashes(["a", "b", "c", "d", "e", "f"])) == 2
    assert len(shingle_hashes([])) == 0


def test_a_signature_is_stored_as_bytes_and_read_back():
    stored = signature(RUSSIAN)
    assert isinstance(stored, bytes) and len(stored) == 64 * 8
    assert signature_from_bytes(stored).jaccard(minhash(RUSSIAN)) == 1.0
    assert signature_from_bytes(memoryview(stored)).jaccard(minhash(RUSSIAN)) == 1.0
    assert signature_bytes(minhash(RUSSIAN)) == stored


def test_signatures_are_the_same_in_every_run_and_ignore_case():
    assert signature(ENGLISH) == signature(ENGLISH)
    assert signature(ENGLISH) == signature(ENGLISH.lower())
    assert len(signature(ENGLISH, num_perm=128)) == 128 * 8


def test_a_text_with_one_sentence_changed_is_found_and_another_story_is_not():
    index = NearDuplicates()
    index.add("original", signature(ENGLISH))
    index.add("russian", signature(RUSSIAN))
    assert len(index) == 2
    assert index.find(signature(CHANGED_SENTENCE)) == "original"
    assert index.find(signature(DROPPED_PARAGRAPH)) == "original"
    assert index.find(signature(ENGLISH_OTHER)) is None


def test_the_best_match_wins():
    index = NearDuplicates(threshold=0.5)
    index.add("dropped", signature(DROPPED_PARAGRAPH))
    index.add("changed", signature(CHANGED_SENTENCE))
    assert index.find(signature(ENGLISH)) == "changed"


def test_a_key_added_twice_keeps_its_first_signature_and_empty_texts_are_kept_out():
    index = NearDuplicates()
    index.add("a", signature(ENGLISH))
    index.add("a", signature(ENGLISH_OTHER))
    index.add("empty", signature("!!!"))
    assert len(index) == 1 and "empty" not in index
    assert index.find(signature(ENGLISH)) == "a"
    assert index.find(signature("")) is None


def test_a_stricter_threshold_refuses_what_the_default_takes():
    index = NearDuplicates(threshold=0.95)
    index.add("original", signature(ENGLISH))
    assert index.find(signature(DROPPED_PARAGRAPH)) is None


def test_a_thousand_signatures_of_five_kilobyte_texts(capsys):
    """Prints the time taken (timings are not asserted: the machine's speed varies)."""
    base = (ENGLISH + "\n\n" + ENGLISH_OTHER + "\n\n") * 3
    texts = [f"Item {number}. " + base[number % 200 :][:5000] for number in range(1000)]
    started = time.perf_counter()
    stored = [signature(text) for text in texts]  # as stored: bytes
    signed = time.perf_counter()
    index = NearDuplicates()
    for number, sig in enumerate(stored):  # read back from bytes, as from the database
        if index.find(sig) is None:
            index.add(str(number), sig)
    looked_up = time.perf_counter()
    with capsys.disabled():
        print(
            f"\n1,000 signatures of 5 KB texts: {(signed - started) * 1000:.0f} ms; "
            f"their look-ups and additions from bytes: {(looked_up - signed) * 1000:.0f} ms"
        )
    assert 1 <= len(index) < 1000  # the texts overlap almost wholly: most are near-duplicates
