"""Telling a story already seen: the same text exactly, or nearly (one sentence changed, a paragraph
dropped, another site's boilerplate), so a story republished by fifty sites counts once.

- :func:`exact_key`: the SHA-256 of the text's words, normalised and in lower case, parted by one
  space: spacing, punctuation, quotes and case do not change it.
- :func:`signature`: a MinHash (datasketch, 64 permutations by default) of the text's word
  5-shingles (every run of five consecutive lower-case words; a text of fewer words is one shingle
  of what it has). Shingles are hashed to 32 bits by :func:`shingle_hashes` (stable across processes,
  unlike Python's ``hash``) and fed to datasketch as integers (``hashfunc=int``); the
  signature is stored as its hash values, little-endian unsigned 64-bit integers
  (:func:`signature_bytes`, 8 bytes a permutation), and read back by :func:`signature_from_bytes`.
- :class:`NearDuplicates`: an in-memory MinHash LSH index the caller builds afresh from stored
  signatures; :meth:`NearDuplicates.find` answers the stored key most like a signature, when their
  estimated Jaccard similarity of shingles reaches the threshold (0.8 by default).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import cache
from typing import Any

import numpy as np

from accord.monitoring.text.normalise import normalise

SHINGLE_WORDS = 5
NUM_PERM = 64
THRESHOLD = 0.8
CANDIDATE_MARGIN = 0.15
SCHEME = "affine32"
WORD = re.compile(r"[^\W_]+")
MULTIPLIER = 1_000_003  # an odd prime: the runs' polynomial hash
MASK32 = np.uint64(0xFFFFFFFF)


def words_of(text: str, *, normalised: bool = False) -> list[str]:
    """The text's words in lower case (``ё`` read as ``е``), punctuation and spacing left out.

    ``normalised=True`` says ``text`` already went through :func:`normalise` (as an extracted
    text has), which then is not done twice.
    """
    return WORD.findall((text if normalised else normalise(text)).lower().replace("ё", "е"))


def exact_key(text: str) -> str:
    """The SHA-256 (hex) of the text's word sequence: equal for texts that differ only in spacing,
    punctuation or case."""
    return exact_key_of_words(words_of(text))


def exact_key_of_words(words: list[str]) -> str:
    """:func:`exact_key` of words already cut (the pipeline cuts them once for both fingerprints)."""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def shingle_hashes(words: list[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """A 32-bit hash of every run of ``size`` consecutive words (of all of them when fewer).

    Each word is hashed once (CRC-32 of its UTF-8) and a run's hash is a polynomial of its words'
    hashes modulo 2**32, computed for every run at once with numpy: the same runs give the same
    hash in every process, and a 5 KB article takes a fraction of a millisecond (joining each run
    into a string to hash it took five times longer).
    """
    if not words:
        return np.zeros(0, dtype=np.uint64)
    crcs = (zlib.crc32(word.encode("utf-8")) for word in words)
    hashes = np.fromiter(crcs, dtype=np.uint64, count=len(words))
    span = min(size, len(hashes))
    runs = len(hashes) - span + 1
    combined = np.zeros(runs, dtype=np.uint64)
    for offset in range(span):
        combined = (combined * np.uint64(MULTIPLIER) + hashes[offset : offset + runs]) & MASK32
    return combined


def signature(text: str, num_perm: int = NUM_PERM) -> bytes:
    """The signature of ``text`` as stored: its MinHash's hash values (:func:`signature_bytes`)."""
    return signature_bytes(minhash(text, num_perm))


def minhash(text: str, num_perm: int = NUM_PERM) -> Any:
    """The MinHash of ``text``'s word shingles (a ``datasketch.MinHash``)."""
    return minhash_of_words(words_of(text), num_perm)


def minhash_of_words(words: list[str], num_perm: int = NUM_PERM) -> Any:
    """:func:`minhash` of words already cut."""
    from datasketch import MinHash

    sketch = MinHash(num_perm, hashfunc=int, permutations=_permutations(num_perm), scheme=SCHEME)
    hashes = shingle_hashes(words)
    if len(hashes):
        sketch.update_batch(hashes.tolist())
    return sketch


def signature_bytes(sketch: Any) -> bytes:
    """A signature for a ``BinaryField``: its hash values as little-endian uint64."""
    return np.asarray(sketch.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes | memoryview) -> Any:
    """The MinHash of a stored signature (a ``BinaryField`` may give a ``memoryview``)."""
    from datasketch import MinHash

    values = np.frombuffer(data, dtype="<u8").astype(np.uint32)
    return MinHash(
        len(values), hashfunc=int, hashvalues=values, permutations=_permutations(len(values)), scheme=SCHEME
    )


class NearDuplicates:
    """Signatures by key, and the LSH index that finds the likely near-duplicates of a new one.

    Signatures are given as stored (bytes, :func:`signature`) or as MinHashes (:func:`minhash`).
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        # The index proposes candidates from a lower similarity than is required of a match: its
        # bands are an S-curve, and at the threshold itself it would miss about half of the texts
        # truly that alike. Each candidate is then checked against ``threshold``.
        self._index = MinHashLSH(threshold=max(0.3, threshold - CANDIDATE_MARGIN), num_perm=num_perm)
        self._signatures: dict[str, Any] = {}

    def add(self, key: str, sig: bytes | Any) -> None:
        """Index ``sig`` under ``key`` (a key already held keeps its first signature; an empty
        text's signature is kept out: it would match every other empty text)."""
        sketch = _as_minhash(sig)
        if key in self._signatures or sketch.is_empty():
            return
        self._index.insert(key, sketch)
        self._signatures[key] = sketch

    def find(self, sig: bytes | Any) -> str | None:
        """The key of the held signature most like ``sig``, when at least as like as the threshold."""
        sketch = _as_minhash(sig)
        if sketch.is_empty() or not self._signatures:
            return None
        best, best_key = 0.0, None
        for key in sorted(self._index.query(sketch)):
            similarity = sketch.jaccard(self._signatures[key])
            if similarity > best:
                best, best_key = similarity, key
        return best_key if best >= self.threshold else None

    def similarity(self, sig: bytes | Any, key: str) -> float:
        """The estimated Jaccard similarity of ``sig`` and the one held under ``key``."""
        return _as_minhash(sig).jaccard(self._signatures[key])

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures


def _as_minhash(sig: bytes | Any) -> Any:
    return signature_from_bytes(sig) if isinstance(sig, bytes | bytearray | memoryview) else sig


@cache
def _permutations(num_perm: int) -> Any:
    """The permutations of a MinHash of ``num_perm`` (drawn once per process, from datasketch's seed)."""
    from datasketch import MinHash

    return MinHash(num_perm, scheme=SCHEME).permutations
