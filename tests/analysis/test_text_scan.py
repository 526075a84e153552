import gc
import random
import sqlite3
from array import array
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from siteaudit.analysis import page_scan
from siteaudit.analysis.content_checks import check_content
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.duplicates import check_duplicates
from siteaudit.analysis.graph import TextSimilarity
from siteaudit.analysis.page_scan import FormRows
from siteaudit.analysis.shingles import BINS
from siteaudit.analysis.site_terms import count_terms
from siteaudit.analysis.template_blocks import iter_page_content, words
from siteaudit.analysis.text_scan import (
    SiteText,
    _exact_groups,
    _joined_forms,
    _moved_forms,
    _stacked,
    scan_site_text,
)
from siteaudit.analysis.word_table import TokenTable

from siteaudit.core.records import TextBlock
from siteaudit.store import DB_NAME, StoreDamaged
from tests.analysis.content_factories import article, filler, stored
from tests.helpers import traced

BASE = "http://ex.com"

# Texts that trip a tokeniser: hyphens and U+2010/2011 joiners, two-word names, names listed
# side by side, irregular spacing, punctuation glued to words, digits, CJK, a NUL character.
TRICKY = [
    "Book a Ka-Pai truck. Then the Ka Pai driver calls KAPAI support.",
    "Kapai, Ka Pai and Ka-Pai: three spellings, one service (Kapai's depot).",
    "Use two-factor sign-in; two‐factor codes expire. Ka‑Pai x‐Kapai.",
    "Acme Cloud Backup and Acme Cloud  Sync differ.\tAcme\nCloud is one.",
    "  HaiKa, Hai Pai, and Ka Pai: Which Service Fits?  ",
    "Order 12345 via Kapai2 or Kapai-2 before 2026-01-01.",
    "东京 Kapai 配送 and Ka Pai.",
    "Nul\x00Kapai in the middle.",
]


def tricky_site() -> list:
    rng = random.Random(3)
    pages = []
    for i in range(24):
        paragraphs = rng.sample(TRICKY, 3) + filler(i, 2)
        pages.append(
            article(
                f"/p{i}",
                paragraphs,
                title=rng.choice(["Kapai Rates", "Ka Pai rates", "KAPAI Help", "Acme Cloud"]),
                headings=[rng.choice(["Booking Ka-Pai", "Acme Cloud Sync", "Tips"])],
            )
        )
    return pages


def test_the_shared_pass_counts_term_spellings_like_a_walk_over_every_word(
    tmp_path: Path,
) -> None:
    context = AnalysisContext(stored(tmp_path, tricky_site()))
    census = context.text.terms
    counts, by_page, _ = count_terms(iter_page_content(context.data, context.template), None)
    assert census.counts.forms == counts.forms
    assert list(census.counts.counts) == list(counts.counts)
    assert list(census.counts.headline) == list(counts.headline)
    assert census.counts.listed_apart == counts.listed_apart
    assert {u: list(ids) for u, ids in census.forms_by_page.items()} == {
        u: list(ids) for u, ids in by_page.items()
    }


def test_the_shared_pass_counts_own_words_like_the_word_pattern(tmp_path: Path) -> None:
    pages = tricky_site()
    pages.append(article("/short", ["Only a few words here, 东京 too."]))
    context = AnalysisContext(stored(tmp_path, pages))
    thin = {p.url: p.words for p in context.text.thin}
    expected = {
        p.url: len(words(p.main_text))
        for p in iter_page_content(context.data, context.template)
        if len(words(p.main_text)) < context.options.thin_content_words
    }
    assert thin == expected
    assert BASE + "/short" in thin
    assert {f.url for f in check_content(context) if f.check == "thin-content"} == set(thin)


def sentence_bank(rng: random.Random, size: int) -> list[str]:
    """Sentences built from a few stock parts, like generated help articles."""
    subjects = ["Your account", "The app", "Each order", "The billing page", "Your device"]
    subjects += ["Our support team", "The settings menu", "A team admin", "The help center"]
    predicates = [
        "usually updates within a few minutes",
        "may ask you to sign in again",
        "keeps a copy of your last changes",
        "sends a confirmation to the address on file",
        "can take up to five business days",
        "is only available to the account owner",
        "lists every change in the activity log",
        "stays active until the end of the period",
        "remembers your preferred language",
        "works the same way on every device",
    ]
    openers = ["", "", "In most cases, ", "Note that ", "By default, ", "Once confirmed, "]
    openers += ["For security reasons, ", "To avoid delays, ", "When you are ready, "]
    tails = [".", ".", " unless you opt out.", " for team accounts.", ", so check it first."]
    tails += [" if your region supports it.", " and cannot be undone later."]
    out = []
    for _ in range(size):
        opener = rng.choice(openers)
        subject = rng.choice(subjects)
        if opener:
            subject = subject[0].lower() + subject[1:]
        out.append(f"{opener}{subject} {rng.choice(predicates)}{rng.choice(tails)}")
    return out


def paragraphs(sentences: list[str]) -> list[str]:
    return [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]


def test_copies_are_found_among_pages_written_from_one_stock_of_sentences(
    tmp_path: Path,
) -> None:
    rng = random.Random(5)
    bank = sentence_bank(rng, 1000)
    bodies = [rng.choices(bank, k=40) for _ in range(240)]
    pages = [article(f"/a{i}", paragraphs(body)) for i, body in enumerate(bodies)]
    copy = list(bodies[7])
    for k in (3, 17, 30):  # a tenth of the sentences rewritten
        copy[k] = rng.choice(bank)
    pages.append(article("/copy", paragraphs(copy)))
    context = AnalysisContext(stored(tmp_path, pages))
    near = {
        (f.url, f.evidence["target"])
        for f in check_duplicates(context)
        if f.check == "near-duplicate-page"
    }
    assert near == {(BASE + "/copy", BASE + "/a7")}  # the pair once
    assert context.text.stock_shingles > 0  # the stock was recognised


def test_a_page_whose_text_is_a_separator_character_is_read_whole(tmp_path: Path) -> None:
    pages = [article(f"/x{i}", filler(i, 3)) for i in range(5)]
    pages[0].blocks.append(TextBlock("main", "p", "\x00"))
    assert AnalysisContext(stored(tmp_path, pages)).text.terms.counts.forms


def test_worker_processes_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    pages = tricky_site()
    copy = list(filler(3, 12))
    pages += [article(f"/f{i}", filler(100 + i, 12)) for i in range(20)]
    pages += [article("/orig", copy, h1="Rates"), article("/same", copy, h1="Rates")]
    near = [*copy[:5], "One sentence rewritten here.", *copy[6:]]
    pages.append(article("/near", near, h1="Rates"))
    data = stored(tmp_path, pages)
    one = scan_site_text(data, data.options, workers=1)
    three = scan_site_text(data, data.options, workers=3)
    assert (BASE + "/near", BASE + "/orig") in one.duplicates.candidates
    assert one.duplicates.exact_groups == [[BASE + "/orig", BASE + "/same"]]
    assert_same_pass(one, three)
    assert len(three.terms_by_page.keys) == 3  # a chunk per worker, never concatenated
    urls = set(one.terms_by_page.urls)
    for wanted in (urls, {u for u in urls if not u.endswith("0")}):
        single = TextSimilarity.from_term_rows(one.terms_by_page, wanted)
        chunked = TextSimilarity.from_term_rows(three.terms_by_page, wanted)
        assert single.urls == chunked.urls and len(single.urls) == len(wanted)
        assert (single.matrix != chunked.matrix).nnz == 0


def test_a_copy_in_another_workers_range_is_indexed_once_as_in_one_process(
    tmp_path: Path,
) -> None:
    # "/a-copy" sorts first, "/orig" last: two workers' ranges each index their own copy, and
    # the merge keeps the first one's signature only, as one process does.
    copy = list(filler(3, 12))
    pages = [article(f"/m{i}", filler(100 + i, 12)) for i in range(20)]
    pages += [article("/a-copy", copy, h1="Rates"), article("/orig", copy, h1="Rates")]
    pages.append(article("/near", [*copy[:5], "One sentence rewritten here.", *copy[6:]]))
    data = stored(tmp_path, pages)
    one = scan_site_text(data, data.options, workers=1)
    two = scan_site_text(data, data.options, workers=2)
    assert one.duplicates.exact_groups == [[BASE + "/a-copy", BASE + "/orig"]]
    assert (BASE + "/a-copy", BASE + "/near") in one.duplicates.candidates
    assert not any(BASE + "/orig" in pair for pair in one.duplicates.candidates)
    assert_same_pass(one, two)


def assert_same_pass(one: SiteText, other: SiteText) -> None:
    assert one.duplicates == other.duplicates
    assert one.thin == other.thin
    assert one.terms.counts == other.terms.counts
    assert one.terms.forms_by_page == other.terms.forms_by_page
    assert one.stock_shingles == other.stock_shingles
    assert one.template == other.template
    assert one.terms_by_page.urls == other.terms_by_page.urls
    assert list(one.terms_by_page.lengths) == list(other.terms_by_page.lengths)
    # kept in one chunk per part (a worker's range), read as one array
    assert np.array_equal(
        np.concatenate(one.terms_by_page.keys), np.concatenate(other.terms_by_page.keys)
    )
    assert np.array_equal(
        np.concatenate(one.terms_by_page.counts), np.concatenate(other.terms_by_page.counts)
    )


def test_a_small_site_is_read_once_with_the_result_of_three_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = tricky_site() + [article(f"/f{i}", filler(100 + i, 12)) for i in range(20)]
    copy = list(filler(3, 12))
    pages += [article("/orig", copy, h1="Rates"), article("/same", copy, h1="Rates")]
    pages.append(article("/near", [*copy[:5], "One rewritten sentence.", *copy[6:]], h1="Rates"))
    data = stored(tmp_path, pages)
    reads: list[object] = []
    read = data.store.page_text_rows

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args)
        return read(*args, **kwargs)

    monkeypatch.setattr(data.store, "page_text_rows", counted)
    once = scan_site_text(data, data.options, workers=1)
    assert len(reads) == 1  # the block count's read serves the sample and the scan
    assert (BASE + "/near", BASE + "/orig") in once.duplicates.candidates
    monkeypatch.setattr(page_scan, "_KEEP_PAGES", 0)
    thrice = scan_site_text(data, data.options, workers=1)
    assert len(reads) == 4
    assert_same_pass(once, thrice)
    # A token table that starts afresh between the sample and the scan: ids are renewed.
    monkeypatch.setattr(page_scan, "_KEEP_PAGES", 1000)
    monkeypatch.setattr(page_scan, "TokenTable", partial(TokenTable, max_tokens=50))
    assert_same_pass(once, scan_site_text(data, data.options, workers=1))
    assert len(reads) == 5


def test_similarity_from_the_pass_equals_tf_idf_of_the_own_main_text(tmp_path: Path) -> None:
    pages = tricky_site()
    pages += [
        article(f"/s{i}", filler(40 + i % 4, 6), related=["Rates for Ka-Pai", "Cash on delivery"])
        for i in range(12)
    ]
    pages.append(article("/aside", filler(60, 3), related=["x"]))
    pages[-1].blocks.append(TextBlock("aside", "p", "An aside about container freight."))
    context = AnalysisContext(stored(tmp_path, pages))
    urls = {p.url for p in pages}
    from_pass = TextSimilarity.from_term_rows(context.text.terms_by_page, urls)
    own_main = {
        p.url: " ".join(b.text for b in p.own_blocks if b.region == "main")
        for p in iter_page_content(context.data, context.template)
    }
    from_text = TextSimilarity(own_main)
    assert sorted(from_pass.urls) == sorted(from_text.urls) == sorted(urls)
    pairs = [(a, b) for a in sorted(urls) for b in sorted(urls) if a < b]
    expected = from_text.pairs(pairs)
    assert any(v and v > 0.5 for v in expected)
    assert from_pass.pairs(pairs) == pytest.approx(expected)


def _private_dirty_kb() -> int:
    with open("/proc/self/smaps_rollup") as rollup:
        return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_Dirty"))


def test_workers_share_the_parents_objects_instead_of_copying_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full collection writes to every object it walks: unfrozen, one in a worker copies
    # all of the parent's objects (the loaded pages) into the worker.
    data = stored(tmp_path, tricky_site())
    ballast = [[i] for i in range(1_000_000)]  # ~90 MB of tracked objects in the parent
    report = tmp_path / "worker.txt"
    scan = page_scan.RangeScan.scan

    def measured(self: page_scan.RangeScan, *args: Any) -> Any:
        result = scan(self, *args)
        before = _private_dirty_kb()
        gc.collect()
        with report.open("a") as out:
            out.write(f"{gc.get_freeze_count()} {_private_dirty_kb() - before}\n")
        return result

    monkeypatch.setattr(page_scan.RangeScan, "scan", measured)
    assert gc.get_freeze_count() == 0
    scan_site_text(data, data.options, workers=2)
    assert gc.get_freeze_count() == 0  # the parent's collector walks its objects again
    answers = [line.split() for line in report.read_text().splitlines()]
    assert len(answers) == 2
    for frozen, copied_kb in answers:
        assert int(frozen) >= len(ballast)
        assert int(copied_kb) < 20_000, copied_kb  # not the ballast's ~90 MB
    # A caller's own freeze is theirs to undo.
    gc.freeze()
    try:
        scan_site_text(data, data.options, workers=2)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_stacking_the_parts_signatures_holds_no_second_copy_of_a_part() -> None:
    rng = np.random.default_rng(5)
    parts = [rng.integers(0, 2**32, (20_000, BINS), dtype=np.uint32) for _ in range(3)]
    keep = np.ones(60_000, np.bool_)
    keep[[3, 20_000, 45_001]] = False
    expected = np.concatenate(parts)[keep]
    part_bytes = parts[0].nbytes
    stacked, (_, peak) = traced(lambda: _stacked(parts, keep))
    assert np.array_equal(stacked, expected)
    assert parts == []  # each part let go once copied
    # the result and index arrays; np.compress(out=) filled a temporary part as well
    assert peak < stacked.nbytes + part_bytes // 4, (peak, stacked.nbytes)


def test_exact_groups_from_digest_arrays_equal_grouping_by_digest() -> None:
    rng = np.random.default_rng(11)
    pool = rng.integers(0, 2**63, (40, 2), dtype=np.uint64)
    pool[1, 0] = pool[0, 0]  # digests sharing their first half only
    digests = pool[rng.integers(0, 40, 500)]
    pages = np.sort(rng.choice(10_000, 500, replace=False))
    groups, copies = _exact_groups(digests, pages)
    by_digest: dict[bytes, list[int]] = {}
    for digest, page in zip(digests, pages.tolist(), strict=True):
        by_digest.setdefault(digest.tobytes(), []).append(page)
    expected = [g for g in by_digest.values() if len(g) > 1]
    assert sorted(groups) == sorted(expected)
    assert sorted(copies.tolist()) == sorted(p for g in expected for p in g[1:])
    none, no_copies = _exact_groups(np.zeros((0, 2), np.uint64), np.zeros(0, np.int64))
    assert none == [] and len(no_copies) == 0


def test_page_forms_of_parts_read_as_each_pages_sorted_ids() -> None:
    urls = [f"/p{i}" for i in range(7)]
    first = FormRows(array("i", [0, 2]), array("i", [2, 1]), array("i", [1, 0, 2]))
    second = FormRows(array("i", [1]), array("i", [3]), array("i", [0, 1, 2]))
    joined = _joined_forms(
        urls,
        [
            _moved_forms(first, 0, np.array([5, 3, 4], np.int32)),
            _moved_forms(second, 4, np.array([9, 1, 5], np.int32)),
        ],
    )
    assert dict(joined.items()) == {"/p0": [3, 5], "/p2": [4], "/p5": [1, 5, 9]}
    assert joined == {"/p0": [3, 5], "/p2": [4], "/p5": [1, 5, 9]}
    assert joined["/p5"] == [1, 5, 9] and "/p1" not in joined and len(joined) == 3
    assert dict(_joined_forms(urls, []).items()) == {}


def test_a_failing_worker_falls_back_to_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from siteaudit.analysis import text_workers

    def broken(self: object, *args: object) -> None:
        raise text_workers.TextWorkerError("a worker of the text pass failed:\nboom")

    monkeypatch.setattr(text_workers.ParallelScan, "start", broken)
    data = stored(tmp_path, tricky_site())
    assert scan_site_text(data, data.options, workers=2).terms.counts.forms


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_with_unreadable_stored_text_is_a_damaged_store_error(
    tmp_path: Path, workers: int
) -> None:
    data = stored(tmp_path, tricky_site())
    db = sqlite3.connect(tmp_path / DB_NAME)
    with db:
        db.execute('UPDATE pages SET blocks = \'[["main", "p"\' WHERE url = ?', (BASE + "/p3",))
        assert db.total_changes == 1
    db.close()
    with pytest.raises(StoreDamaged, match="invalid JSON in table pages"):
        scan_site_text(data, data.options, workers=workers)


def test_each_pages_terms_are_held_in_six_bytes_and_the_vectors_in_float32(
    tmp_path: Path,
) -> None:
    # The pass keeps every (page, term) pair of the site until the graph analysis: a 32-bit
    # key and a 16-bit count; the TF-IDF rows built from them are float32.
    pages = [article(f"/p{i}", filler(50 + i, 5), related=["x"]) for i in range(8)]
    pages.append(article("/loud", " ".join(["freight"] * 70_000), related=["x"]))
    context = AnalysisContext(stored(tmp_path, pages))
    rows = context.text.terms_by_page
    keys, counts = np.concatenate(rows.keys), np.concatenate(rows.counts)
    assert keys.dtype == np.uint32 and counts.dtype == np.uint16
    assert keys.nbytes + counts.nbytes == 6 * len(keys) > 0
    assert counts.max() == np.iinfo(np.uint16).max  # 70,000 uses: capped, not wrapped
    similarity = TextSimilarity.from_term_rows(rows, set(rows.urls))
    assert similarity.matrix.dtype == np.float32
