"""How long the store check takes on a large store (docs/storage.md quotes the figures).

    .venv/bin/python bench/store_check_bench.py [--pages 100000] [--out bench/out/store-100k]

Writes a store of a finished crawl straight through ``Store.add_page_rows`` (no crawl):
pages of about 4 KB of text in 12 blocks and 70 links each, as a content site's pages are,
then times ``Store(..., verify=True)`` (PRAGMA quick_check and the schema checks) against
a plain open and against PRAGMA integrity_check, with the file in the page cache. Prints
a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from siteaudit.core.records import Link, Page, TextBlock
from siteaudit.store import DB_NAME, PageRows, Store

SITE = "https://help.example.com"
WORDS = "the order ships within two days unless the parcel needs a customs form first".split()


def synthesise(folder: Path, pages: int, seed: int = 7) -> Path:
    """Store a finished crawl of ``pages`` pages; return the database file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with Store.in_folder(folder) as store:
        crawl_id = store.begin_crawl([f"{SITE}/"], {"max_pages": pages})
        store.defer_read_indexes(crawl_id)
        batch = PageRows(crawl_id)
        for i in range(pages):
            url = f"{SITE}/faq/article-{i:06d}.html"
            text = [" ".join(rng.choices(WORDS, k=60)) for _ in range(12)]
            batch.add(
                Page(
                    url,
                    200,
                    content_type="text/html",
                    depth=1 + i % 7,
                    is_html=True,
                    title=f"Article {i}",
                    title_count=1,
                    h1=[f"Article {i}"],
                    word_count=720,
                    blocks=[TextBlock("main", "p", t) for t in text],
                    links=[
                        Link(url, f"{SITE}/faq/article-{rng.randrange(pages):06d}.html", position=n)
                        for n in range(70)
                    ],
                )
            )
            if len(batch) == 2000:
                store.add_page_rows(batch)
                batch = PageRows(crawl_id)
        store.add_page_rows(batch)
        store.build_read_indexes()
        store.finish_crawl(crawl_id, "finished", {"pages_crawled": pages})
    return folder / DB_NAME


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/store-check"))
    parser.add_argument("--integrity-check", action="store_true", help="also time that")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    started = time.perf_counter()
    db = synthesise(args.out, args.pages)
    result: dict[str, object] = {
        "pages": args.pages,
        "write_s": round(time.perf_counter() - started, 1),
        "file_mb": round(db.stat().st_size / 1e6, 1),
    }
    db.read_bytes()  # into the page cache, as after the crawl that wrote it

    def open_plain() -> None:
        Store(db, create=False).close()

    def open_verified() -> None:
        Store(db, create=False, verify=True).close()

    result["open_s"] = min(_timed(open_plain) for _ in range(3))
    result["open_verified_s"] = min(_timed(open_verified) for _ in range(3))
    if args.integrity_check:
        conn = sqlite3.connect(db)
        result["integrity_check_s"] = _timed(
            lambda: conn.execute("PRAGMA integrity_check").fetchall()
        )
        conn.close()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
