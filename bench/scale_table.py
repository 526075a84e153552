"""The scale table: a full audit of generated sites of 10k, 100k and 1M pages, one command.

    python bench/scale_table.py --pages 10000 --pages 100000 [--pages 1000000] \\
        --workdir DIR [--gzip-from 1000000] [--keep]

For each size, with crawl_bench.py's run (generate the site, serve it with nginx, run
`siteaudit crawl` as a measured child: crawl, analysis and report in one process), then
`siteaudit report` on the stored crawl as a second measured child (the analysis and report
on their own, from the store). Prints a Markdown table for bench/RESULTS.md (also written to
WORKDIR/scale.md): store size (MB, KB per stored URL), crawl pages/s, analysis and report
seconds, peak RSS of each stage, and the load average while it ran.

Disk: a generated page is 10-60 KB, so a 1,000,000-page site takes ~30 GB next to a store of
~10-15 GB. ``--gzip-from N`` generates sites of N pages or more with ``generate_site.py
--gzip`` (the same pages, stored as .html.gz, ~1/6 of the disk; nginx sends them as they
are, the crawler unpacks them), and each size's site and crawl output are deleted once it
is measured (``--keep`` keeps them).

A 1,000,000-page row takes longer than one sitting may allow (the crawl alone ~2.5-3 hours
here). ``--resume`` continues each size's kept crawl where it stopped (killed or out of
time): the same site served on the same port again, ``siteaudit crawl --resume``, then the
report run as usual. The crawl's seconds and pages add up over its runs (the crawler's own
stats); its peak memory is that of the last run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from crawl_bench import (
    Result,
    bench_one,
    crawl_rate,
    fmt,
    site_dir_for,
    siteaudit_exe,
    stage_peaks,
)
from measure import Measurement, run_measured
from nginx_server import NginxError

HERE = Path(__file__).resolve().parent


@dataclass
class Row:
    """One size: the crawl's run and the `siteaudit report` run on its store."""

    crawl: Result
    report: Measurement | None
    report_stats: dict[str, object]
    findings: int | None
    load: tuple[float, float]  # 1-minute load average before and after


def report_run(exe: Path, outdir: Path) -> tuple[Measurement, dict[str, object]]:
    """`siteaudit report OUTDIR` as a measured child, and the stage timings it stored."""
    run = run_measured([str(exe), "report", str(outdir), "-q"], outdir / "report-run.log")
    return run, _latest_stats(outdir / "siteaudit.db")


def _latest_stats(db: Path) -> dict[str, object]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    stats = json.loads(row[0]) if row and row[0] else {}
    return stats if isinstance(stats, dict) else {}


def _findings(db: Path) -> int | None:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        # Schema 7 packs them in blocks; a store of an older siteaudit has a row each.
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "finding_blocks" in tables:
            return int(con.execute("SELECT sum(findings) FROM finding_blocks").fetchone()[0] or 0)
        return int(con.execute("SELECT count(*) FROM findings").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        con.close()


def _report_peaks(run: Measurement | None, stats: dict[str, object]) -> str:
    """Wall seconds, and peak RSS of the analysis and the report stage, of `siteaudit report`
    (the report stage is the run's last ``report_s`` seconds)."""
    if run is None or run.returncode != 0:
        return "-"
    split = run.wall_s - float(stats.get("report_s") or 0)
    analysis = run.peak_rss_between(0, split)
    report = run.peak_rss_between(split, run.wall_s)
    return f"{run.wall_s:.0f} s, {fmt(analysis, 0)} / {fmt(report, 0)}"


def measure_size(size: int, args: argparse.Namespace) -> Row:
    """Crawl, then report, one generated site; delete its site and output unless --keep."""
    before = os.getloadavg()[0]
    crawl = bench_one("siteaudit", size, args)
    outdir = args.workdir / f"siteaudit-{size}"
    db = outdir / "siteaudit.db"
    report, stats = None, {}
    if crawl.ok and db.exists() and not args.no_report:
        # The crawl's row first: the report run after it can take an hour at 1M pages.
        early = Row(crawl, None, {}, _findings(db), (before, os.getloadavg()[0]))
        print(markdown_table([early]).splitlines()[-1], file=sys.stderr, flush=True)
        print(f"siteaudit report: {size} pages ...", file=sys.stderr, flush=True)
        report, stats = report_run(args.siteaudit or siteaudit_exe(), outdir)
    findings = _findings(db) if db.exists() else None
    row = Row(crawl, report, stats, findings, (before, os.getloadavg()[0]))
    if not (args.keep or args.resume):
        shutil.rmtree(site_dir_for(size, args), ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)
    return row


def markdown_table(rows: list[Row]) -> str:
    """The scale table, one row per size."""
    head = [
        "site pages", "URLs stored", "store MB", "store KB/URL", "crawl s", "crawl pages/s",
        "analysis s", "report s", "peak MB crawl / analysis / report",
        "`siteaudit report`: wall, peak MB analysis / report", "findings", "load avg",
        "note",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        r = row.crawl
        stats = r.stats
        per_url = r.db_mb * 1024 / r.pages_stored if r.db_mb and r.pages_stored else None
        cells = [
            f"{r.size:,}",
            f"{r.pages_stored:,}" if r.pages_stored else "-",
            fmt(r.db_mb, 0),
            fmt(per_url),
            fmt(stats.get("crawl_s")),
            fmt(crawl_rate(stats), 0),
            fmt(stats.get("analysis_s")),
            fmt(stats.get("report_s")),
            stage_peaks(r),
            _report_peaks(row.report, row.report_stats),
            f"{row.findings:,}" if row.findings is not None else "-",
            f"{row.load[0]:.1f} -> {row.load[1]:.1f}",
            r.note or ("" if row.report is None or row.report.returncode == 0 else "report failed"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, action="append", help="site size (repeatable)")
    ap.add_argument("--workdir", type=Path, default=HERE / "out" / "scale")
    ap.add_argument("--sites", type=Path, help="where sites are generated (default: WORKDIR/sites)")
    ap.add_argument("--gzip-from", type=int, metavar="N", help="sites of N pages or more: --gzip")
    ap.add_argument("--keep", action="store_true", help="keep each size's site and output")
    ap.add_argument(
        "--resume", action="store_true", help="continue each size's kept, interrupted crawl"
    )
    ap.add_argument("--no-report", action="store_true", help="skip the `siteaudit report` run")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--nginx-workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--siteaudit", type=Path, help="executable (default: next to python)")
    args = ap.parse_args(argv)
    args.workdir = args.workdir.resolve()
    args.sites = (args.sites or args.workdir / "sites").resolve()
    args.max_pages = None  # bench_one lifts the crawl's page cap to twice the site
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop nginx and the crawl on kill
    rows = []
    for size in args.pages or [10_000, 100_000]:
        print(f"siteaudit: {size} pages ...", file=sys.stderr, flush=True)
        try:
            rows.append(measure_size(size, args))
        except NginxError as exc:
            raise SystemExit(f"error: {exc}") from None
        # Each size's row as soon as it is measured: a 1M run takes hours.
        print(markdown_table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    table = markdown_table(rows)
    print(table)
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "scale.md").write_text(table + "\n")
    ok = all(row.crawl.ok and (row.report is None or row.report.returncode == 0) for row in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
