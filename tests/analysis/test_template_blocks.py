from collections import Counter
from pathlib import Path

import numpy as np
from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.template_blocks import (
    _SPAN_CUTS,
    BlockCounter,
    find_template,
    find_template_blocks,
    iter_page_content,
    stream_page_texts,
    template_threshold,
)

from siteaudit.core.records import TextBlock
from tests.analysis.content_factories import REVIEWS, article, filler, stored


def test_blocks_repeated_on_many_pages_are_template_and_own_text_is_kept(tmp_path: Path) -> None:
    pages = [article(f"/a{i}", filler(i, 3), title=f"Question {i}?") for i in range(6)]
    data = stored(tmp_path, pages)
    contents = {p.url: p for p in iter_page_content(data, find_template(data))}
    own = contents["http://ex.com/a0"]
    assert own.body == filler(0, 3)
    assert not any(text in own.main_text for text in REVIEWS)
    assert "Shipping Services" not in own.main_text
    assert own.main_text.startswith("Question 0?")


def test_an_h1_repeated_in_other_pages_related_lists_stays_the_pages_own(tmp_path: Path) -> None:
    target = article("/target", filler(1, 3), title="How Do Returns Work?")
    others = [
        article(f"/o{i}", filler(10 + i, 3), related=["How Do Returns Work?"]) for i in range(6)
    ]
    data = stored(tmp_path, [target, *others])
    (own,) = iter_page_content(data, find_template(data), urls=["http://ex.com/target"])
    assert own.h1 == ["How Do Returns Work?"]
    assert own.main_text.startswith("How Do Returns Work?")


def test_two_identical_articles_are_not_mistaken_for_template(tmp_path: Path) -> None:
    copy = filler(3, 4)
    pages = [article("/original", copy), article("/copy", copy)]
    pages += [article(f"/x{i}", filler(20 + i, 4)) for i in range(5)]
    data = stored(tmp_path, pages)
    template = find_template(data)
    assert template.min_pages == 4 and template.pages == 7
    texts = {p.url: p.body for p in iter_page_content(data, template)}
    assert texts["http://ex.com/original"] == texts["http://ex.com/copy"] == copy


def test_threshold_adapts_to_small_sites_but_never_below_three() -> None:
    options = AnalysisOptions(template_min_pages=5, template_min_share=0.5)
    assert template_threshold(2, options) == 3
    assert template_threshold(6, options) == 3
    assert template_threshold(8, options) == 4
    assert template_threshold(1000, options) == 5
    assert template_threshold(1000, AnalysisOptions(template_min_pages=50)) == 50


def test_content_regions_are_configurable(tmp_path: Path) -> None:
    pages = [article(f"/a{i}", filler(i, 2)) for i in range(4)]
    pages[0].blocks.append(TextBlock("nav", "li", "Only on this page"))
    data = stored(tmp_path, pages)
    template = find_template_blocks(stream_page_texts(data.store, data.crawl_id), AnalysisOptions())
    assert template.pages == 4 and template.min_pages == 3
    (page, *_) = iter_page_content(data, template, AnalysisOptions(content_regions=("nav",)))
    assert page.body == ["Only on this page"]


def test_block_counts_are_summed_exactly_over_chunks_spans_and_merged_ranges() -> None:
    # Keys at both ends of int64 and on the span cuts, pages counted in several chunks and
    # two ranges merged: the template is every key on >= 5 pages, as a plain count says.
    rng = np.random.default_rng(7)
    edges = [-(2**63), 2**63 - 1, *(int(c) for c in _SPAN_CUTS), *(int(c) - 1 for c in _SPAN_CUTS)]
    pool = [*edges, *rng.integers(-(2**63), 2**63 - 1, 3000, dtype=np.int64).tolist()]
    counters, seen = [BlockCounter(), BlockCounter()], Counter[int]()
    for page in range(2600):
        keys = sorted(set(rng.choice(pool, 6).tolist()))
        counter = counters[page % 2]
        counter.pending.extend(keys)  # what add() queues for a page: its distinct keys
        counter.pages += 1
        if counter.pages % 1000 == 0:
            counter._flush()
        seen.update(keys)
    counters[0].merge(counters[1])
    template = counters[0].template(AnalysisOptions())
    assert template.min_pages == 5
    assert template.keys == {key for key, n in seen.items() if n >= 5}
    assert {key for key, n in seen.items() if n < 5}  # the draw has keys on either side
