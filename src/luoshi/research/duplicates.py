"""Near-duplicate articles: MinHash LSH (datasketch) over character shingles of the article text.

One detector for the whole project: ``luoshi corpus run`` groups a corpus with it and ``luoshi ingest``
asks it whether a new article is already stored, so a re-published, re-encoded or lightly edited copy
(转载, a GBK copy of the same page, a page with other navigation around it, one sentence changed) is
counted once and never proposed twice to the ledger.

Why these settings (measured on the labelled set of ``tests/research/test_duplicates.py``, figures in
docs/research.md):

- **Shingles** are 5 consecutive characters of the text with whitespace and punctuation removed and
  full-width forms folded (NFKC), so re-encodings and re-flowed paragraphs give the same set. Five
  characters is past the length of the stock phrases every report on a meeting repeats (出席会议并讲话),
  so two different reports on the same meeting share few shingles.
- **Threshold 0.5** (Jaccard of shingle sets, estimated from 128 permutations), midway in the gap the
  labelled set shows: copies score 0.65-1.0 (re-encodings and re-posts 1.0, page-chrome variants from
  0.88, a one-sentence edit of a short article the lowest), distinct articles at most 0.09 (different
  reports on the same meeting at most 0.07). The LSH bands are tuned for that threshold and every
  candidate is then checked against it with the estimated Jaccard, so a band collision alone never
  merges.
- **Short texts** (fewer than ``MIN_SHINGLES`` shingles: a photo caption, a one-line brief) are never
  grouped: too few shingles for the estimate to mean anything.

Signatures are plain ``numpy.uint32`` arrays so workers can compute them and ship them back cheaply.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

__all__ = [
    "NUM_PERM", "SHINGLE", "THRESHOLD", "MIN_SHINGLES", "SEED",
    "shingles", "signature", "similarity", "band_keys", "signature_bytes", "DuplicateIndex", "group_duplicates", "DuplicateGroup",
]

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.5
MIN_SHINGLES = 20
SEED = 1  # fixed: signatures computed by different workers or runs must be comparable
SCHEME = "affine32"  # datasketch 2 permutation scheme; its hash values are uint32

_KEEP_CATEGORIES = ("L", "N")  # letters (汉字 included) and digits; punctuation, symbols, spaces dropped


def normalise(text: str) -> str:
    """Text as compared: NFKC (full-width → half-width), lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in _KEEP_CATEGORIES)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of ``k``-character shingles of the normalised text (empty for a text shorter than k)."""
    norm = normalise(text)
    return {norm[i:i + k] for i in range(len(norm) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (``NUM_PERM`` uint32, read-only) of the text; None when it is too short to compare.
    Memoised for the last few hundred texts: ``luoshi ingest`` signs an article when it checks it and
    again when the next document's check indexes the rows stored since (same text, same signature)."""
    return _signature(text)


@lru_cache(maxsize=512)
def _signature(text: str) -> np.ndarray | None:
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch([g.encode("utf-8") for g in sorted(grams)])
    values = mh.hashvalues.astype(np.uint32)
    values.flags.writeable = False  # shared by the memo: nobody may change it
    return values


def _lean(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=SEED, scheme=SCHEME, hashvalues=np.asarray(values, dtype=np.uint32))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(np.asarray(a) == np.asarray(b))) / NUM_PERM


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH chooses for THRESHOLD and NUM_PERM."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature_bytes(sig: np.ndarray) -> bytes:
    """The signature as stored (storage ``article_signatures``): 128 little-endian uint32."""
    return np.asarray(sig, dtype="<u4").tobytes()


def band_keys(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band, key) of each LSH band of a signature, the key a signed 64-bit hash of the band's values:
    two signatures are candidates when any band's keys agree — the test datasketch's MinHashLSH makes,
    kept in a database table (storage ``article_bands``) so that ingest looks candidates up by index."""
    bands, rows = _bands()
    values = np.asarray(sig, dtype=np.uint32)
    return [(band, int.from_bytes(hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(),
                                                  digest_size=8).digest(), "big", signed=True))
            for band in range(bands)]


class DuplicateIndex:
    """An LSH index of article signatures: add articles, ask which stored one a new text copies."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def add(self, key: str, sig: np.ndarray | None) -> None:
        """Index one article (a None signature — a too-short text — is not indexed)."""
        if sig is None or key in self._signatures:
            return
        sig = np.asarray(sig, dtype=np.uint32)
        self._signatures[key] = sig
        self._lsh.insert(key, _lean(sig))

    def matches(self, sig: np.ndarray | None) -> list[tuple[str, float]]:
        """Stored articles at or above the threshold, most similar first (ties by key)."""
        if sig is None or not self._signatures:
            return []
        sig = np.asarray(sig, dtype=np.uint32)
        found = []
        for key in self._lsh.query(_lean(sig)):
            score = similarity(sig, self._signatures[key])
            if score >= self.threshold:
                found.append((key, score))
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))

    def best(self, sig: np.ndarray | None) -> tuple[str, float] | None:
        found = self.matches(sig)
        return found[0] if found else None


@dataclass(frozen=True)
class DuplicateGroup:
    """Articles that copy each other; ``canonical`` is the one counted (first published, then lowest key)."""

    canonical: str
    members: tuple[tuple[str, float], ...]  # (key, similarity to the canonical), canonical included


def group_duplicates(
    items: Iterable[tuple[str, np.ndarray | None]], order: dict[str, tuple] | None = None,
    threshold: float = THRESHOLD,
) -> list[DuplicateGroup]:
    """Groups (size ≥ 2) of near-duplicate articles among ``(key, signature)`` pairs.

    Linked pairs are joined transitively (union-find), so A≈B and B≈C make one group. ``order``
    gives each key a sort key for choosing the canonical member (default: the key itself); the result
    does not depend on the order of ``items``, so a distributed run and a single-process run agree.
    """
    pairs = sorted(((k, s) for k, s in items if s is not None), key=lambda kv: kv[0])
    index = DuplicateIndex(threshold)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sigs = {}
    for key, sig in pairs:
        parent[key] = key
        sigs[key] = np.asarray(sig, dtype=np.uint32)
        for other, _score in index.matches(sig):
            ra, rb = find(key), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        index.add(key, sig)
    groups: dict[str, list[str]] = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    rank = (lambda k: (order[k], k)) if order else (lambda k: (k,))
    out = []
    for keys in groups.values():
        if len(keys) < 2:
            continue
        keys.sort(key=rank)
        canon = keys[0]
        out.append(DuplicateGroup(canon, tuple((k, similarity(sigs[k], sigs[canon])) for k in keys)))
    return sorted(out, key=lambda g: rank(g.canonical))


def iter_pairs(groups: Iterable[DuplicateGroup]) -> Iterator[tuple[str, str]]:
    """Every (canonical, copy) pair of the groups."""
    for g in groups:
        for key, _ in g.members[1:]:
            yield g.canonical, key
