"""Near-duplicate detection: MinHash signatures with locality-sensitive hashing.

Syndicated copies and re-scrapes with other boilerplate are the same article: counting them
twice would double every claim.  Exact copies already share a content id (``clean.article_id``);
near copies are found here.  Each article gets a MinHash signature of its word 5-shingles; the
signature is cut into bands, and articles sharing any band's hash are candidates, confirmed when
their estimated Jaccard similarity reaches the threshold.  The store keeps signatures and band
hashes, so a lookup costs a few indexed queries whatever the archive's size.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

NUM_PERM = 128
BANDS = 16  # 16 bands of 8 rows: candidates from about 0.7 Jaccard similarity up
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.85  # estimated Jaccard similarity at which two articles are one
SHINGLE = 5

_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20091230)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, _PRIME, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (NUM_PERM unsigned 32-bit values) of a text's word shingles."""
    items = shingles(text)
    if not items:
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in items),
        dtype=np.uint64, count=len(items))
    # Universal hashing (a * h + b) mod p; numpy's uint64 arithmetic wraps modulo 2**64 first,
    # which keeps the family well mixed for MinHash purposes.
    mixed = (hashes[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return (mixed.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def bands(sig: np.ndarray) -> list[str]:
    """One hash per band; two articles sharing any band hash are near-duplicate candidates."""
    return [hashlib.blake2b(sig[i * ROWS:(i + 1) * ROWS].tobytes(), digest_size=8).hexdigest()
            for i in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(a == b))


def to_hex(sig: np.ndarray) -> str:
    """A portable text form (stored as TEXT on every backend)."""
    return sig.astype("<u4").tobytes().hex()


def from_hex(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype="<u4").astype(np.uint32)
