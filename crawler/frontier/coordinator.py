"""Start a shared crawl: record it, run local workers, wait for all, clean Redis up."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import cast

from siteaudit.crawler.frontier.keys import FrontierKeys, connect, delete_crawl_keys
from siteaudit.crawler.frontier.spider import SUMMED_STATS
from siteaudit.crawler.runner import CrawlOutcome

from siteaudit.core.completeness import STAT as PARTIAL_STAT
from siteaudit.core.completeness import partial_reason
from siteaudit.core.config import CrawlConfig
from siteaudit.store import DB_NAME, Store

_REMOTE_WAIT_S = 60.0  # how long remote workers get to write their last batch


def worker_command(
    frontier_url: str, store_url: str, crawl_id: int, *, grace_s: float
) -> list[str]:
    """The command line of one worker (what to run on other machines, with python -m)."""
    return [
        sys.executable,
        "-m",
        "siteaudit.cli.worker",
        "--frontier",
        frontier_url,
        "--store",
        store_url,
        "--crawl-id",
        str(crawl_id),
        "--grace",
        str(grace_s),
    ]


def run_distributed_crawl(
    config: CrawlConfig,
    output: Path,
    *,
    frontier_url: str,
    store_url: str | None = None,
    workers: int = 1,
    grace_s: float = 1.0,
    verbose: bool = False,
) -> CrawlOutcome:
    """Crawl with ``workers`` local processes (others may join with ``siteaudit worker``)."""
    output.mkdir(parents=True, exist_ok=True)
    store_url = store_url or str(output / DB_NAME)
    with Store(store_url) as store:
        crawl_id = store.begin_crawl(list(config.start_urls), config.to_dict())
    server = connect(frontier_url)
    keys = FrontierKeys(crawl_id)
    delete_crawl_keys(server, keys)  # left by an earlier store that reused this crawl id
    started = time.monotonic()
    command = worker_command(frontier_url, store_url, crawl_id, grace_s=grace_s)
    # Other machines need the id to join while this crawl runs.
    print(
        f"siteaudit: crawl {crawl_id} started; more machines can join with: siteaudit worker "
        f"--frontier {frontier_url} --store <the same store URL> --crawl-id {crawl_id}",
        file=sys.stderr,
        flush=True,
    )
    env = dict(os.environ)
    out = None if verbose else subprocess.DEVNULL
    procs = [subprocess.Popen(command, env=env, stdout=out) for _ in range(workers)]
    codes = [p.wait() for p in procs]
    deadline = time.monotonic() + _REMOTE_WAIT_S
    while server.scard(keys.key("workers")) and time.monotonic() < deadline:
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    # The client does not decode responses: keys and values are bytes.
    raw_stats = cast("dict[bytes, bytes]", server.hgetall(keys.key("stats")))
    summed = {k.decode(): int(v) for k, v in raw_stats.items()}
    delete_crawl_keys(server, keys)
    status = "finished" if not any(codes) else "interrupted"
    with Store(store_url) as store:
        pages = store.count_pages(crawl_id)
        stats: dict[str, object] = {
            "pages_crawled": pages,
            "crawl_s": round(elapsed, 2),
            "pages_per_s": round(pages / elapsed, 1) if elapsed else 0.0,
            "requests": summed.get(SUMMED_STATS[0], 0),
            "responses": summed.get(SUMMED_STATS[1], 0),
            "network_errors": summed.get(SUMMED_STATS[2], 0),
            "bytes": summed.get(SUMMED_STATS[3], 0),
            "finish_reason": "finished" if status == "finished" else "worker failed",
            "runs": 1,
            "workers": workers,
            "worker_exit_codes": codes,
        }
        partial = partial_reason(status, {}, store.events(crawl_id))
        if partial is not None:
            stats[PARTIAL_STAT] = partial
        store.finish_crawl(crawl_id, status, stats)
    return CrawlOutcome(crawl_id, status, stats)
