"""Benchmark the graph analysis on a synthetic store (no crawl needed).

    .venv/bin/python bench/graph_bench.py --pages 100000 --links 30 --db /tmp/graph-bench

Writes a store of PAGES pages with LINKS <a> links each (navigation, footer, text and a
related-articles list) and short main-region texts, then times AuditData.load, check_graph
and graph_statistics in one process and reports the peak resident memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_checks import check_graph, graph_statistics

from siteaudit.core.records import Link, Page, Region, TextBlock
from siteaudit.store import Store

BASE = "https://help.example.com"
SECTIONS = 50
WORDS = [f"term{i}" for i in range(3000)]


def synthesise(db: Path, pages: int, links: int, seed: int = 1) -> int:
    """Write the synthetic crawl; return its id."""
    rng = random.Random(seed)
    urls = [f"{BASE}/faq/s{i % SECTIONS}/article-{i}.html" for i in range(pages)]
    sections = [f"{BASE}/faq/s{s}/" for s in range(SECTIONS)]
    db.mkdir(parents=True, exist_ok=True)
    store = Store.in_folder(db)
    crawl = store.begin_crawl([urls[0]], {})
    batch: list[Page] = []
    for i, url in enumerate(urls):
        topic = (i % SECTIONS) * 50
        out = [Link(url, sections[k], "a", f"Section {k}", Region.NAV, False, k) for k in range(10)]
        out += [Link(url, urls[k], "a", "footer", Region.FOOTER, False, 10 + k) for k in range(5)]
        for k in range(links - 20):
            target = urls[rng.randrange(pages)]
            out.append(Link(url, target, "a", "text", Region.MAIN, False, 15 + k))
        for k in range(5):
            near = (i + rng.randrange(1, 200) * SECTIONS) % pages  # same section
            out.append(Link(url, urls[near], "a", "related", Region.RELATED, False, 100 + k))
        text = " ".join(WORDS[(topic + rng.randrange(300)) % len(WORDS)] for _ in range(80))
        batch.append(
            Page(
                url,
                200,
                is_html=True,
                title=f"Article {i}",
                word_count=80,
                found_via="start" if i == 0 else "link",
                links=out,
                blocks=[TextBlock("main", "p", text)],
            )
        )
        if len(batch) == 5000:
            store.add_pages(crawl, batch)
            batch = []
    store.add_pages(crawl, batch + [Page(s, 200, is_html=True, title="Section") for s in sections])
    store.finish_crawl(crawl, "finished", {})
    store.close()
    return crawl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--links", type=int, default=30, help="<a> links per page")
    parser.add_argument("--db", type=Path, default=Path("/tmp/siteaudit-graph-bench"))
    args = parser.parse_args()
    if not (args.db / "siteaudit.db").exists():
        started = time.perf_counter()
        synthesise(args.db, args.pages, args.links)
        print(f"synthesised store in {time.perf_counter() - started:.1f} s")
    store = Store.in_folder(args.db, create=False)
    cpu = time.process_time()  # CPU seconds too: wall time is noisy on a shared machine
    started = time.perf_counter()
    context = AnalysisContext(AuditData.load(store))
    loaded = time.perf_counter()
    findings = list(check_graph(context))
    checked = time.perf_counter()
    stats = graph_statistics(context.graph)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages {stats['pages']:,}  edges {stats['links']:,}  related {stats['related_links']:,}")
    print(
        f"load {loaded - started:.1f} s  check_graph {checked - loaded:.1f} s  "
        f"statistics {done - checked:.1f} s  total {done - started:.1f} s  (CPU {cpu:.1f} s)"
    )
    print(f"findings {len(findings):,}  peak RSS {peak_mb:,.0f} MB")
    print("by check:", dict(Counter(f.check for f in findings).most_common()))


if __name__ == "__main__":
    main()
