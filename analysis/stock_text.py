"""Stock text: shingles so many pages share (boilerplate prose, not menus) that they tell no
page apart, found on an even sample of the pages rather than all of them."""

from __future__ import annotations

import math

# Stock shingles: on at least this share of the pages (and this many), estimated on a sample.
_STOCK_SHARE = 0.05
_STOCK_MIN_PAGES = 50
_STOCK_SAMPLE = 1000


def stock_sample(urls: list[str]) -> list[str]:
    """An even sample of about ``_STOCK_SAMPLE`` of the pages."""
    return urls[:: max(1, math.ceil(len(urls) / _STOCK_SAMPLE))]


def stock_threshold(pages: int, sampled: int) -> int:
    """On how many sampled pages a shingle must appear to count as stock text."""
    min_pages = max(_STOCK_MIN_PAGES, _STOCK_SHARE * pages)
    return max(2, math.ceil(min_pages * sampled / max(pages, 1)))
