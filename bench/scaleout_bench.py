"""Pages/s of a shared crawl (Redis frontier, PostgreSQL store) with 1, 2 and 3 workers.

    .venv/bin/python bench/scaleout_bench.py --pages 20000 --workers 1 --workers 2 --workers 3

Generates the site (cached under bench/sites/), serves it with nginx, starts a private
redis-server and PostgreSQL (as the tests do) and runs one shared crawl per worker count.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from crawl_bench import ensure_site  # noqa: E402
from nginx_server import serve_with_nginx  # noqa: E402
from siteaudit.crawler.frontier.coordinator import run_distributed_crawl  # noqa: E402

from siteaudit.core.config import CrawlConfig  # noqa: E402
from tests.scaleout import conftest  # noqa: E402


def main() -> None:
    """Run the benchmark and print one table row per worker count."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--workers", type=int, action="append")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    site = HERE / "sites" / f"{args.pages}-s1"
    ensure_site(args.pages, 1, site)
    redis_cm = conftest.redis_server.__wrapped__()  # type: ignore[attr-defined]
    pg_cm = conftest.postgres_server.__wrapped__()  # type: ignore[attr-defined]
    redis_base, pg_base = next(redis_cm), next(pg_cm)
    print("| workers | pages | wall s | pages/s |\n|---|---|---|---|")
    try:
        with serve_with_nginx(site) as base:
            for n in args.workers or [1, 2, 3]:
                config = CrawlConfig(
                    start_urls=(f"{base}/",),
                    max_pages=10 * args.pages,
                    concurrency=args.concurrency,
                ).validate()
                started = time.monotonic()
                outcome = run_distributed_crawl(
                    config,
                    HERE / "out" / f"scaleout-{n}",
                    frontier_url=f"{redis_base}/{n}",
                    store_url=f"{pg_base}/postgres",
                    workers=n,
                )
                wall = time.monotonic() - started
                pages = outcome.stats["pages_crawled"]
                print(f"| {n} | {pages} | {wall:.1f} | {pages / wall:.0f} |", flush=True)
    finally:
        for cm in (redis_cm, pg_cm):
            next(cm, None)


if __name__ == "__main__":
    main()
