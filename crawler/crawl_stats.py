"""The figures kept with a crawl, added up over its runs (a resumed crawl continues them).

The runner writes them when a run ends; the store pipeline also writes them every
CHECKPOINT_S seconds while it runs, so a run killed on the way (kill -9, out of memory, a
machine restart) still counts its time and requests when the crawl is resumed: without that,
a resumed crawl reported only its last run's seconds and an inflated pages/s.
"""

from __future__ import annotations

from typing import Any

CHECKPOINT_S = 10.0


def crawl_stats(
    scrapy_stats: dict[str, Any], pages: int, elapsed: float, previous: dict[str, Any]
) -> dict[str, Any]:
    """This run's figures added to ``previous`` (the stats the crawl had when it began)."""
    crawl_s = round(elapsed + float(previous.get("crawl_s", 0.0)), 2)
    return {
        "pages_crawled": pages,
        "crawl_s": crawl_s,
        "pages_per_s": round(pages / crawl_s, 1) if crawl_s else 0.0,
        "requests": scrapy_stats.get("downloader/request_count", 0)
        + int(previous.get("requests", 0)),
        "responses": scrapy_stats.get("downloader/response_count", 0)
        + int(previous.get("responses", 0)),
        "network_errors": scrapy_stats.get("downloader/exception_count", 0)
        + int(previous.get("network_errors", 0)),
        "bytes": scrapy_stats.get("downloader/response_bytes", 0) + int(previous.get("bytes", 0)),
        "finish_reason": scrapy_stats.get("finish_reason", "unknown"),
        "runs": int(previous.get("runs", 0)) + 1,
    }
