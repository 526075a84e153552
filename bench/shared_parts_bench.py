"""What one page costs the shared parts of a scaled-out crawl: Redis and PostgreSQL.

    .venv/bin/python bench/shared_parts_bench.py --pages 2000 [--workers 1]

Runs one shared crawl (Redis frontier, PostgreSQL store; private servers started as the
tests start them) of the generated site served by nginx and reads what the shared servers
spent on it: Redis commands and Redis CPU seconds (``INFO``), and the CPU seconds of every
PostgreSQL process of the private cluster (``/proc``: the postmaster, its live backends and
the exited ones it reaped). Redis runs commands on one core, PostgreSQL on as many as its
host has, so the pages/s each can serve before it becomes the bottleneck is about
``cores / CPU seconds per page``; one worker's pages/s over that is how many workers fit.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import redis  # noqa: E402
from crawl_bench import ensure_site  # noqa: E402
from nginx_server import serve_with_nginx  # noqa: E402
from siteaudit.crawler.frontier.coordinator import run_distributed_crawl  # noqa: E402

from siteaudit.core.config import CrawlConfig  # noqa: E402
from tests.scaleout import conftest  # noqa: E402

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int, children: bool = False) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # fields[11:15]: utime, stime, cutime, cstime (in clock ticks)
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICK


def postgres_cpu_s(postmaster: int) -> float:
    """CPU seconds of the postmaster, its live children and its reaped ones."""
    total = _cpu_s(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
            total += _cpu_s(int(entry.name))
    return total


def postmaster_pid() -> int:
    """The private cluster's postmaster (the newest postgres started with ``-k /tmp/...``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if cmd and cmd[0].endswith(b"postgres") and b"-D" in cmd:
                data = cmd[cmd.index(b"-D") + 1].decode()
                if "siteaudit-pg-" in data:
                    found.append((entry.stat().st_mtime, int(entry.name)))
    if not found:
        raise SystemExit("error: no private PostgreSQL found")
    return max(found)[1]


def redis_figures(url: str) -> tuple[int, float]:
    """(commands processed, CPU seconds) of the Redis server so far."""
    server = redis.Redis.from_url(url)
    stats, cpu = server.info("stats"), server.info("cpu")
    return int(stats["total_commands_processed"]), cpu["used_cpu_user"] + cpu["used_cpu_sys"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    site = HERE / "sites" / f"{args.pages}-s1"
    ensure_site(args.pages, 1, site)
    redis_cm = conftest.redis_server.__wrapped__()  # type: ignore[attr-defined]
    pg_cm = conftest.postgres_server.__wrapped__()  # type: ignore[attr-defined]
    redis_base, pg_base = next(redis_cm), next(pg_cm)
    try:
        postmaster = postmaster_pid()
        with serve_with_nginx(site) as base:
            config = CrawlConfig(
                start_urls=(f"{base}/",), max_pages=10 * args.pages, concurrency=args.concurrency
            ).validate()
            commands0, redis0 = redis_figures(f"{redis_base}/0")
            pg0 = postgres_cpu_s(postmaster)
            started = time.monotonic()
            outcome = run_distributed_crawl(
                config,
                HERE / "out" / "shared-parts",
                frontier_url=f"{redis_base}/0",
                store_url=f"{pg_base}/postgres",
                workers=args.workers,
            )
            wall = time.monotonic() - started
            commands1, redis1 = redis_figures(f"{redis_base}/0")
            pg1 = postgres_cpu_s(postmaster)
    finally:
        for cm in (redis_cm, pg_cm):
            next(cm, None)
    pages = int(outcome.stats["pages_crawled"])  # type: ignore[call-overload]
    redis_s, pg_s = (redis1 - redis0) / pages, (pg1 - pg0) / pages
    print(
        "| workers | pages | wall s | pages/s | Redis commands/page | Redis CPU ms/page "
        "| PostgreSQL CPU ms/page | Redis ceiling pages/s (1 core) "
        "| PostgreSQL ceiling pages/s per core |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.workers} | {pages} | {wall:.1f} | {pages / wall:.0f} "
        f"| {(commands1 - commands0) / pages:.1f} | {redis_s * 1000:.2f} | {pg_s * 1000:.2f} "
        f"| {1 / redis_s:,.0f} | {1 / pg_s:,.0f} |"
    )


if __name__ == "__main__":
    main()
