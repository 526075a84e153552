"""Analysis and report memory at scale: `siteaudit report` on a synthetic stored crawl.

    .venv/bin/python bench/memory_bench.py --pages 10000 --pages 100000 [--workdir DIR]

Writes a store of N help articles straight through ``Store.add_page_rows`` (no crawl; the
pages of tests/app/test_analysis_memory.py: 8 h2s, 8 anchor ids, 32 links and ~400 words
each, plus 9 hub pages linking to every 7th article), copies it, runs `siteaudit report` on
the copy as a child process and measures it (wall, CPU, peak RSS, and the peak RSS of the
analysis and the report stages from RSS samples and the crawl's stats). Prints a Markdown
table. The store of each size is kept in WORKDIR/store-N and reused.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from measure import run_measured

from siteaudit.store import Store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the generated pages are the memory test's
from tests.app.test_analysis_memory import write_store  # noqa: E402


def bench_one(size: int, workdir: Path, siteaudit: Path) -> list[object]:
    """Measure one `siteaudit report` of a copy of the size's store; one table row."""
    store = workdir / f"store-{size}"
    if not (store / "siteaudit.db").exists():
        shutil.rmtree(store, ignore_errors=True)
        write_store(store, size)
    run_dir = workdir / f"report-{size}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    shutil.copyfile(store / "siteaudit.db", run_dir / "siteaudit.db")
    db_mb = (store / "siteaudit.db").stat().st_size / 2**20
    run = run_measured([str(siteaudit), "report", str(run_dir), "-q"], workdir / f"log-{size}")
    if run.returncode != 0:
        raise SystemExit(f"siteaudit report exited {run.returncode}: see {workdir}/log-{size}")
    with Store.in_folder(run_dir, create=False) as done:
        stats = done.crawl().stats
    analysis_s = float(stats.get("analysis_s") or 0)
    # The process spends a second or two importing and opening the store before analysing.
    split = run.wall_s - float(stats.get("report_s") or 0)
    analysis = run.peak_rss_between(0, split)
    report = run.peak_rss_between(split, run.wall_s)
    return [
        size,
        f"{db_mb:.0f}",
        f"{db_mb * 2**20 / size / 1024:.1f}",
        f"{run.wall_s:.1f}",
        f"{run.cpu_s:.1f}",
        f"{analysis_s:.1f}",
        stats.get("report_s"),
        f"{run.peak_rss_mb:.0f}",
        f"{analysis or 0:.0f} / {report or 0:.0f}",
    ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, action="append", help="articles (repeatable)")
    ap.add_argument("--workdir", type=Path, default=HERE / "out" / "memory")
    ap.add_argument("--siteaudit", type=Path, default=Path(sys.executable).parent / "siteaudit")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    head = [
        "articles", "DB MB", "DB KB/article", "wall s", "CPU s", "analysis s", "report s",
        "peak RSS MB", "analysis / report peak MB",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for size in args.pages or [10000]:
        print(f"{size} articles ...", file=sys.stderr, flush=True)
        row = bench_one(size, args.workdir.resolve(), args.siteaudit)
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
