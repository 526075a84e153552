import numpy as np
from siteaudit.analysis.shingles import (
    BINS,
    ROWS,
    StockShingles,
    candidate_pairs,
    sample_counts,
    shingle_hashes,
    signature,
)
from siteaudit.analysis.template_blocks import words
from siteaudit.analysis.word_table import TokenTable, word_hash

RNG = np.random.default_rng(1)


def random_set(size: int) -> np.ndarray:
    return RNG.integers(0, 2**63, size, dtype=np.int64).astype(np.uint64) * np.uint64(2)


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    sa, sb = signature(a), signature(b)
    assert sa is not None and sb is not None
    return float(np.mean(sa == sb))


def test_signatures_estimate_jaccard_for_large_and_sparse_sets() -> None:
    for size in (30, 200, 3000):  # 30: most bins are empty and borrowed
        shared = random_set(size)
        a = np.concatenate([shared, random_set(size)])
        b = np.concatenate([shared, random_set(size)])
        assert abs(estimate(a, b) - 1 / 3) < 0.15
        assert estimate(a, random_set(2 * size)) < 0.1
        assert estimate(a, a[::-1].copy()) == 1.0
    assert signature(np.zeros(0, np.uint64)) is None


def test_stock_shingles_are_the_ones_on_many_sampled_pages() -> None:
    stock, own = random_set(50), random_set(50)
    samples = [np.concatenate([stock, random_set(20)]) for _ in range(10)]
    found = StockShingles.from_counts(*sample_counts(samples), min_pages=5)
    assert found.count == 50
    kept = found.remove_from(np.concatenate([stock, own]))
    assert set(kept.tolist()) == set(own.tolist())


def test_similar_pages_pair_and_each_page_keeps_at_most_its_best_partners() -> None:
    base = random_set(500)
    family = [np.concatenate([base, random_set(50)]) for _ in range(30)]
    strangers = [random_set(550) for _ in range(200)]
    sigs = np.array([signature(s) for s in family + strangers])
    assert sigs.shape == (230, BINS)
    first, second, similarity = candidate_pairs(sigs, 0.2, per_page=5)
    assert len(first) and (first < second).all()
    assert (second < 30).all()  # only the family pairs up
    assert (similarity > 0.7).all()
    assert np.bincount(second).max() <= 5
    assert set(first.tolist()) | set(second.tolist()) == set(range(30))


def test_candidate_pairs_are_the_distinct_pairs_any_band_meets_that_pass() -> None:
    # Reference: every pair whose signatures agree on all the rows of some band, kept when
    # the estimate passes, one entry per pair however many bands (and groups of bands) meet.
    rng = np.random.default_rng(11)
    sigs = rng.integers(0, 2**32, (12, BINS), dtype=np.uint32)
    sigs[1] = sigs[0]  # meets page 0 in every band
    sigs[2, : BINS // 2] = sigs[0, : BINS // 2]  # meets it in the first half of the bands
    sigs[3, -3 * ROWS :] = sigs[2, -3 * ROWS :]  # only the last bands: too little in common
    sigs[4] = sigs[5]
    sigs[4, ::2] = rng.integers(0, 2**32, BINS // 2, dtype=np.uint32)  # half the bins agree
    first, second, similarity = candidate_pairs(sigs, 0.3, per_page=10)
    bands = [slice(b * ROWS, (b + 1) * ROWS) for b in range(BINS // ROWS)]
    expected = [
        (i, j, float(np.mean(sigs[i] == sigs[j])))
        for i in range(12)
        for j in range(i + 1, 12)
        if any((sigs[i, band] == sigs[j, band]).all() for band in bands)
        and np.mean(sigs[i] == sigs[j]) >= 0.3
    ]
    assert list(zip(first.tolist(), second.tolist(), similarity.tolist(), strict=True)) == expected
    assert [(i, j) for i, j, _ in expected] == [(0, 1), (0, 2), (1, 2)]


def test_shingles_are_runs_of_consecutive_words_whatever_their_case() -> None:
    table = TokenTable()
    text = "Book a Ka-Pai truck, then book a KA-PAI truck."
    hashes = table.word_hashes(table.token_ids([text]))
    assert hashes.tolist() == [word_hash(w) for w in words(text)]
    shingles = shingle_hashes(hashes, 4)
    assert len(shingles) == len(hashes) - 3
    assert shingles[0] == shingles[6]  # "book a ka pai" twice
    assert len(shingle_hashes(hashes[:3], 4)) == 0


def test_the_token_table_knows_each_tokens_candidate_spellings() -> None:
    table = TokenTable()
    ids = table.token_ids(["Use Kapai, (two-factor) and the Cape.", "Acme Cloud"])
    found = {w for i in ids.tolist() for w in table.candidates[i]}
    assert found == {"Kapai", "two-factor", "Acme"}
    assert ids.tolist().count(0) == 1  # one separator between the two texts
