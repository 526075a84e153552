"""Time `siteaudit report` on copies of stored crawls: minimum wall time of N runs.

    .venv/bin/python bench/report_time.py STORE_DIR [STORE_DIR ...] [--repeat 3] [--work DIR]

Each store folder (holding siteaudit.db) is copied once into --work (report writes its
outputs next to the store, so the original is never touched), then `siteaudit report COPY -q`
runs --repeat times back to back per store. Prints a Markdown table: pages, minimum wall
and CPU seconds, seconds per 1,000 pages, peak RSS. The copies keep the last run's
findings.json for bench/findings_diff.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from measure import Measurement, run_measured


def _copy(store: Path, work: Path) -> Path:
    target = work / store.name
    if not target.exists():
        shutil.copytree(store, target, ignore=shutil.ignore_patterns("report"))
    return target


def _pages(folder: Path) -> int:
    summary = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["summary"]
    return int(summary["pages"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("bench/out/report-time"))
    parser.add_argument("--siteaudit", default=str(Path(sys.executable).with_name("siteaudit")))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print("| store | pages | wall s (min) | CPU s (min) | s per 1k pages | peak RSS MB | runs |")
    print("|---|---|---|---|---|---|---|")
    for store in args.stores:
        folder = _copy(store.resolve(), args.work)
        runs: list[Measurement] = []
        for _ in range(args.repeat):
            run = run_measured([args.siteaudit, "report", str(folder), "-q"], folder / "time.log")
            if run.returncode not in (0, 1):
                sys.exit(f"report failed on {folder}: see {folder / 'time.log'}")
            runs.append(run)
        pages = _pages(folder)
        wall = min(run.wall_s for run in runs)
        cpu = min(run.cpu_s for run in runs)
        rss = max(run.peak_rss_mb for run in runs)
        walls = ", ".join(f"{run.wall_s:.2f}" for run in runs)
        print(
            f"| {store.name} | {pages:,} | {wall:.2f} | {cpu:.2f} | {1000 * wall / pages:.2f}"
            f" | {rss:.0f} | {walls} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
