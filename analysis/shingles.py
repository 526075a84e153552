"""Word shingles, their MinHash signatures and the LSH that pairs pages worth comparing.

Everything is vectorised with numpy over 64-bit word hashes: no Python object per shingle.

* Shingles are runs of ``SHINGLE`` words. Runs that appear on a large share of the site's
  pages ("stock" text: boilerplate sentences left after template removal, or the sentence
  bank of a generated site) say nothing about which pages are copies and make every page
  look like every other, so they are left out of the signatures; the exact comparison that
  follows still reads the whole text.
* Signatures are one-permutation MinHash (one hash per shingle, its top bits pick the bin,
  the minimum per bin is kept; an empty bin borrows from a bin picked by a fixed random
  probe sequence: Shrivastava's optimal densification), far cheaper than one hash per
  permutation and per shingle.
* LSH bands group pages whose signatures agree on ``ROWS`` consecutive bins; the pairs met
  in any band are ranked by estimated Jaccard similarity and capped per page.
"""

from __future__ import annotations

import numpy as np

SHINGLE = 4
BINS = 128
ROWS = 3
_BIN_SHIFT = np.uint64(64 - 7)  # log2(BINS)
_LOW32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint32(0xFFFFFFFF)
_PROBES = np.random.default_rng(20261126).integers(0, BINS, (64, BINS))  # fixed: same for all
# Added to a borrowed value, one per probe attempt, so borrowed values differ from native ones.
_OFFSETS = ((np.arange(1, 66, dtype=np.uint64) * 0x9E3779B9) % (1 << 32)).astype(np.uint32)
_MULTIPLIERS = [np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F,
                                       0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                                       0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53)]  # fmt: skip
# Pages sharing one band value beyond this many are paired only with their neighbours in
# page order: a family of 1,000 near-copies costs 1,000 x this, not 500,000 pairs per band.
_MAX_BUCKET = 64
_PAIR_CHUNK = 16_384  # pairs compared at once (two 8 MB gathers)
_BANDS_AT_ONCE = 8  # LSH bands whose pairs are deduplicated together
_STOCK_BITS = 22  # 4 MB table: with 20,000 stock shingles, 0.5% false positives
_STOCK_SHIFT = np.uint64(32)  # bits 32-53: independent of the bin (top 7) and value (low 32)
_STOCK_MASK = np.uint64((1 << _STOCK_BITS) - 1)


def _mix(h: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads every input bit over the whole hash."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    mixed: np.ndarray = h ^ (h >> np.uint64(31))
    return mixed


def shingle_hashes(word_hashes: np.ndarray, size: int = SHINGLE) -> np.ndarray:
    """One 64-bit hash per run of ``size`` consecutive words (empty for shorter texts)."""
    count = len(word_hashes) - size + 1
    if count <= 0:
        return np.zeros(0, np.uint64)
    combined: np.ndarray = word_hashes[:count] * _MULTIPLIERS[0]
    for j in range(1, size):
        combined = combined + word_hashes[j : j + count] * _MULTIPLIERS[j % len(_MULTIPLIERS)]
    return _mix(combined)


def sample_counts(samples: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each shingle of the sampled pages and on how many of them it appears."""
    if not samples:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    return np.unique(np.concatenate([np.unique(s) for s in samples]), return_counts=True)


class StockShingles:
    """Shingles present on a large share of the pages, as a one-hash Bloom filter.

    A lookup is one gather into a bit table; the rare false positive drops one of a page's
    own shingles from its signature, which the LSH margin absorbs.
    """

    def __init__(self, stock: np.ndarray) -> None:
        self.stock = stock
        self.count = len(stock)
        self.table = np.zeros(1 << _STOCK_BITS, np.bool_)
        self.table[(stock >> _STOCK_SHIFT) & _STOCK_MASK] = True

    @classmethod
    def from_counts(cls, values: np.ndarray, counts: np.ndarray, min_pages: int) -> StockShingles:
        """The shingles seen on at least ``min_pages`` sampled pages."""
        return cls(values[counts >= min_pages])

    def __reduce__(self) -> tuple[type[StockShingles], tuple[np.ndarray]]:
        return StockShingles, (self.stock,)  # send the shingles to a worker, not the table

    def remove_from(self, shingles: np.ndarray) -> np.ndarray:
        """``shingles`` minus the stock ones."""
        if not self.count or not len(shingles):
            return shingles
        kept: np.ndarray = shingles[~self.table[(shingles >> _STOCK_SHIFT) & _STOCK_MASK]]
        return kept


def signature(shingles: np.ndarray) -> np.ndarray | None:
    """One-permutation MinHash of a shingle set (None for an empty set)."""
    if not len(shingles):
        return None
    sig = np.full(BINS, _EMPTY, np.uint32)
    bins = (shingles >> _BIN_SHIFT).astype(np.intp)
    np.minimum.at(sig, bins, (shingles & _LOW32).astype(np.uint32))
    empty = sig == _EMPTY
    if not empty.any():
        return sig
    # Densify: an empty bin borrows the value of a non-empty bin picked by a fixed random
    # probe sequence (Shrivastava's "optimal densification"). Borrowing from the next bin
    # instead would give a band's adjacent bins one source, and sparse pages would collide
    # in LSH as if bands had one row.
    dense = sig.copy()
    todo = np.flatnonzero(empty)
    hits = ~empty[_PROBES[:, todo]]  # (attempt, empty bin): the probe lands on a filled bin
    attempt = hits.argmax(axis=0)
    found = hits[attempt, np.arange(len(todo))]
    dense[todo] = sig[_PROBES[attempt, todo]] + _OFFSETS[attempt]
    if not found.all():  # a set in very few bins: the rest take the first filled bin
        dense[todo[~found]] = sig[np.flatnonzero(~empty)[0]] + _OFFSETS[-1]
    return dense


def candidate_pairs(
    signatures: np.ndarray, min_similarity: float, per_page: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) met in an LSH band, with estimated similarity >= ``min_similarity``.

    Each page keeps at most ``per_page`` partners among the pages before it, the most
    similar first. Returns (i, j, estimated similarity), sorted by (i, j).
    """
    n = len(signatures)
    # Pairs kept so far (i * n + j, sorted): the pairs met in a group of bands are
    # deduplicated against them and estimated once, so what is held is the pairs that pass
    # plus one group's meetings, not every band's (a near-copy meets its partner in most
    # bands: ~90 MB at 100,000 pages at once). Groups, not bands: each merge sorts.
    kept = np.zeros(0, np.int64)
    bands = BINS // ROWS
    for group in range(0, bands, _BANDS_AT_ONCE):
        met_parts = [np.zeros(0, np.int64)]
        for band in range(group, min(group + _BANDS_AT_ONCE, bands)):
            rows = signatures[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
            key = rows[:, 0]
            for r in range(1, ROWS):
                key = _mix(key * _MULTIPLIERS[r] + rows[:, r])
            i, j = _bucket_pairs(key)
            met_parts.append(i * n + j)
        met = _sorted_unique(np.concatenate(met_parts))
        del met_parts
        if len(kept) and len(met):
            at = np.minimum(np.searchsorted(kept, met), len(kept) - 1)
            met = met[kept[at] != met]
        if len(met):
            passed = _estimated(signatures, met // n, met % n) >= min_similarity
            kept = np.concatenate((kept, met[passed]))  # disjoint: no unique needed
            kept.sort()
    i, j = kept // max(n, 1), kept % max(n, 1)
    similarity = _estimated(signatures, i, j)
    # Most similar first, then rank each pair among the pairs of its later page.
    order = np.lexsort((i, -similarity))
    i, j, similarity = i[order], j[order], similarity[order]
    by_page = np.argsort(j, kind="stable")
    ranks = np.empty(len(j), np.int64)
    sorted_j = j[by_page]
    group_start = np.r_[0, np.flatnonzero(np.diff(sorted_j)) + 1] if len(j) else np.zeros(0, int)
    starts = np.repeat(group_start, np.diff(np.r_[group_start, len(j)]))
    ranks[by_page] = np.arange(len(j)) - starts
    keep = ranks < per_page
    i, j, similarity = i[keep], j[keep], similarity[keep]
    order = np.lexsort((j, i))
    return i[order], j[order], similarity[order]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting in place (numpy's hash-based unique is ~5x slower here)."""
    values.sort()
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _estimated(signatures: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The share of MinHash bins pages i and j agree on: their estimated Jaccard similarity."""
    similarity = np.zeros(len(i))
    for start in range(0, len(i), _PAIR_CHUNK):  # bounded temporary memory
        chunk = slice(start, start + _PAIR_CHUNK)
        agree = np.count_nonzero(signatures[i[chunk]] == signatures[j[chunk]], axis=1)
        similarity[chunk] = agree / BINS
    return similarity


def _bucket_pairs(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of row indices with equal ``key`` (i < j); big buckets pair only neighbours."""
    order = np.argsort(key, kind="stable")  # stable: members stay in page order
    sorted_key = key[order]
    same = sorted_key[1:] == sorted_key[:-1]
    if not same.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    # Offset d pairs each member with the one d places after it in the same bucket.
    run = same.copy()
    for distance in range(1, _MAX_BUCKET + 1):
        if not run.any():
            break
        at = np.flatnonzero(run)
        firsts.append(order[at])
        seconds.append(order[at + distance])
        run = run[:-1] & same[distance:]
    i, j = np.concatenate(firsts), np.concatenate(seconds)
    return np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
