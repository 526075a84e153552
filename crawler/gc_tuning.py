"""Tune the cyclic garbage collector for a crawl: fewer, cheaper collections."""

from __future__ import annotations

import gc
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler

# A crawl allocates a few hundred short-lived containers per page (tree walk, records,
# Deferreds). Python's default of a collection every 700 allocations scans them while alive;
# every 5,000, most are already freed by reference counting (GC time 0.9 -> 0.4 s a 5k crawl).
_YOUNG_THRESHOLD = 5000


class CrawlGcTuning:
    """Freezes what is alive when the spider opens; collects the young generation less often.

    Modules, classes and Scrapy's components (~100,000 objects) live as long as the crawl,
    yet every full collection walked them: ~1 s of CPU per 5,000 pages. Frozen, they
    are still freed by reference counting; only cycles among them would outlive the crawl.
    """

    def __init__(self) -> None:
        self.thresholds = gc.get_threshold()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls()
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        gc.collect()  # garbage left over from start-up must not be frozen with the rest
        gc.freeze()
        gc.set_threshold(_YOUNG_THRESHOLD, *self.thresholds[1:])

    def spider_closed(self) -> None:
        # A process that runs on (tests, the CLI's analysis) gets the usual collector back.
        gc.set_threshold(*self.thresholds)
        gc.unfreeze()
