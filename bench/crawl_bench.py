"""Benchmark a full crawl of generated sites served by a local nginx.

    python bench/crawl_bench.py --pages 1000 --pages 5000 [--tool siteaudit] [--tool wget]
    python bench/crawl_bench.py --pages 1000 --peers     # siteaudit + every peer, one run

Peers (each installed beside the project, never into its venv): wget (Debian), advertools
(`python3 -m venv bench/venv-advertools && bench/venv-advertools/bin/pip install advertools`),
linkinator (`cd bench/node && npm install linkinator`), LinkChecker
(`python3 -m venv bench/venv-linkchecker && bench/venv-linkchecker/bin/pip install linkchecker`).

For each size: generate the site (cached under bench/sites/), serve it with nginx on
127.0.0.1, run the crawler as a child process and measure wall time, CPU and peak RSS of
that child alone. Prints a Markdown table and writes WORKDIR/results.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generate_site import load_manifest
from measure import Measurement, run_measured
from nginx_server import NginxError, serve_with_nginx

HERE = Path(__file__).resolve().parent
STAGES = ("crawl_s", "analysis_s", "report_s")
TOOLS = ("siteaudit", "wget", "advertools", "linkinator", "linkchecker", "scrapy-bare")
PEERS = TOOLS[1:]
_ADVERTOOLS = """
import sys, advertools
advertools.crawl(sys.argv[1], sys.argv[2], follow_links=True, allowed_domains=["127.0.0.1"],
    custom_settings={
    "LOG_LEVEL": "WARNING", "CONCURRENT_REQUESTS": int(sys.argv[3]),
    "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[3]), "ROBOTSTXT_OBEY": True})
"""
# The floor for any Scrapy crawler: follow every in-site link, parse with parsel (lxml), keep
# nothing, one line per response to count. Whatever siteaudit does beyond this is its own cost.
_SCRAPY_BARE = """
import sys, scrapy
from scrapy.crawler import CrawlerProcess
class Bare(scrapy.Spider):
    name = "bare"
    allowed_domains = ["127.0.0.1"]
    start_urls = [sys.argv[1]]
    def parse(self, response):
        sys.stdout.write(f"{response.status} {response.url}\\n")
        if b"html" in response.headers.get("Content-Type", b""):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href)
n = int(sys.argv[2])
process = CrawlerProcess({"LOG_LEVEL": "WARNING", "CONCURRENT_REQUESTS": n,
    "CONCURRENT_REQUESTS_PER_DOMAIN": n, "ROBOTSTXT_OBEY": True,
    "HTTPERROR_ALLOW_ALL": True, "TELNETCONSOLE_ENABLED": False})
process.crawl(Bare)
process.start()
"""
WGET_OK = {0, 8}  # 8: the server answered some request with an error (the planted 404s)


@dataclass
class Result:
    """One row of the table: a tool crawling a site of a given size."""

    tool: str
    size: int
    concurrency: int
    ok: bool = False
    note: str = ""
    run: Measurement | None = None
    pages_stored: int | None = None
    expected_urls: int | None = None  # siteaudit only: HTML pages + 404s + redirects
    db_mb: float | None = None
    broken_found: int | None = None
    broken_planted: int | None = None
    stats: dict[str, object] = field(default_factory=dict)


def siteaudit_exe() -> Path:
    """The siteaudit script of the venv running this benchmark."""
    return Path(sys.executable).parent / "siteaudit"  # not resolved: stay inside the venv


def siteaudit_command(
    exe: Path, base_url: str, outdir: Path, concurrency: int, max_pages: int | None
) -> list[str]:
    """The siteaudit invocation (the CLI is still settling: keep it in this one place)."""
    cmd = [str(exe), "crawl", f"{base_url}/", "-o", str(outdir), "-q"]
    cmd += ["--concurrency", str(concurrency)]
    if max_pages is not None:
        cmd += ["--max-pages", str(max_pages)]
    return cmd


def wget_command(base_url: str, outdir: Path) -> list[str]:
    """A recursive wget spider over the same site, as a baseline."""
    return [
        "wget", "--spider", "-r", "-l", "inf", "-nd", "-nv", "--delete-after",
        "-P", str(outdir / "tmp"), f"{base_url}/",
    ]  # fmt: skip


def peer_command(tool: str, base_url: str, outdir: Path, concurrency: int) -> list[str]:
    """How each peer crawls the same site, following links, with comparable concurrency."""
    if tool == "wget":
        return wget_command(base_url, outdir)
    if tool == "advertools":
        venv_bin = HERE / "venv-advertools" / "bin"
        out = outdir / "advertools.jl"
        # advertools runs `scrapy` from PATH: its venv's, not ours.
        path = f"PATH={venv_bin}:{os.environ.get('PATH', '')}"
        python = str(venv_bin / "python")
        # allowed_domains is passed explicitly: advertools derives it from the URL as
        # "127.0.0.1:PORT", which Scrapy 2.19 rejects, so every request was filtered offsite.
        start = f"{base_url}/"
        return ["env", path, python, "-c", _ADVERTOOLS, start, str(out), str(concurrency)]
    if tool == "scrapy-bare":
        return [sys.executable, "-c", _SCRAPY_BARE, f"{base_url}/", str(concurrency)]
    if tool == "linkinator":
        exe = HERE / "node" / "node_modules" / ".bin" / "linkinator"
        return [str(exe), f"{base_url}/", "--recurse", "--concurrency", str(concurrency),
                "--format", "json", "--timeout", "20000"]  # fmt: skip
    exe = HERE / "venv-linkchecker" / "bin" / "linkchecker"
    rc = outdir / "linkcheckerrc"
    rc.write_text("[checking]\nmaxrequestspersecond=1000\n")
    return [str(exe), "--config", str(rc), "--no-status", "--no-warnings", "-t", "32",
            "-o", "csv", f"{base_url}/"]  # fmt: skip


def read_peer_output(tool: str, outdir: Path, log: Path, result: Result) -> None:
    """URLs fetched and broken links reported, from each peer's own output."""
    if tool == "wget":
        read_wget_log(log, result)
        shutil.rmtree(outdir / "tmp", ignore_errors=True)
    elif tool == "advertools":
        jl = outdir / "advertools.jl"
        rows = [json.loads(line) for line in jl.open()] if jl.exists() else []
        result.pages_stored = len(rows)
        result.broken_found = sum(1 for r in rows if int(r.get("status") or 0) >= 400)
    elif tool == "scrapy-bare":
        lines = [ln.split(" ", 1) for ln in log.read_text(errors="replace").splitlines()]
        statuses = [int(ln[0]) for ln in lines if len(ln) == 2 and ln[0].isdigit()]
        result.pages_stored = len(statuses)
        result.broken_found = sum(1 for status in statuses if status >= 400)
    elif tool == "linkinator":
        text = log.read_text(errors="replace")
        data = json.loads(text[text.find("{") :]) if "{" in text else {"links": []}
        links = data.get("links", [])
        result.pages_stored = len({x.get("url") for x in links})
        result.broken_found = sum(1 for x in links if x.get("state") == "BROKEN")
    else:
        lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln[:1] != "#"]
        rows = list(csv.reader(lines))
        header = rows[0] if rows else []
        if "valid" in header and "urlname" in header:
            valid, url = header.index("valid"), header.index("urlname")
            body = [r for r in rows[1:] if len(r) > valid]
            result.pages_stored = len({r[url] for r in body})
            result.broken_found = sum(1 for r in body if r[valid] == "False")


def read_siteaudit_db(db: Path, result: Result) -> None:
    """Fill pages stored, broken links found, stage timings and DB size from the store."""
    result.db_mb = db.stat().st_size / 2**20
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        result.db_mb += wal.stat().st_size / 2**20
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT id, stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            result.note = "no crawl in the database"
            return
        crawl_id, stats = row
        result.stats = json.loads(stats or "{}")
        result.pages_stored = con.execute(
            "SELECT count(*) FROM pages WHERE crawl_id=?", (crawl_id,)
        ).fetchone()[0]
        # Link instances whose target answered 4xx/5xx, comparable to the planted count.
        result.broken_found = con.execute(
            "SELECT count(*) FROM pages p JOIN urls t ON t.url = p.url JOIN page_links l "
            "ON l.crawl_id = p.crawl_id AND l.target_id = t.id "
            "WHERE p.crawl_id = ? AND p.status >= 400",
            (crawl_id,),
        ).fetchone()[0]
    finally:
        con.close()


_WGET_URL = re.compile(r"URL: ?(\S+)")
_WGET_BROKEN = re.compile(r"Found (\d+) broken links?")


def read_wget_log(log: Path, result: Result) -> None:
    """Count the distinct URLs wget fetched and the broken links it reported."""
    text = log.read_text(errors="replace")
    result.pages_stored = len(set(_WGET_URL.findall(text)))
    found = _WGET_BROKEN.search(text)
    result.broken_found = int(found.group(1)) if found else 0


def site_dir_for(size: int, args: argparse.Namespace) -> Path:
    """Where the site of this size is generated (a --gzip site has a folder of its own)."""
    return args.sites / (f"{size}-s{args.seed}" + ("-gz" if gzipped(size, args) else ""))


def gzipped(size: int, args: argparse.Namespace) -> bool:
    """Whether the site of this size is generated with --gzip (see --gzip-from)."""
    return args.gzip_from is not None and size >= args.gzip_from


def ensure_site(size: int, seed: int, site_dir: Path, *, gzip: bool = False) -> dict[str, int]:
    """Generate the site unless cached; return the manifest counts."""
    # A separate process: generating 100k pages would otherwise raise our own peak RSS,
    # which Linux passes on to every crawler we spawn afterwards (see measure.py).
    gen = [sys.executable, str(HERE / "generate_site.py"), "--pages", str(size)]
    gen += ["--out", str(site_dir), "--seed", str(seed)] + (["--gzip"] if gzip else [])
    subprocess.run(gen, check=True, stdout=subprocess.DEVNULL)
    manifest = load_manifest(site_dir)
    if manifest is None:
        raise SystemExit(f"error: no manifest written in {site_dir}")
    counts = manifest["counts"]
    assert isinstance(counts, dict)
    return counts


def bench_one(tool: str, size: int, args: argparse.Namespace) -> Result:
    """Generate, serve and crawl one site size with one tool."""
    site_dir = site_dir_for(size, args)
    counts = ensure_site(size, args.seed, site_dir, gzip=gzipped(size, args))
    concurrency = 1 if tool in ("wget", "linkchecker") else args.concurrency
    result = Result(tool, size, concurrency)
    # siteaudit reports link instances; wget lists each broken URL once.
    result.broken_planted = counts["broken_links" if tool == "siteaudit" else "broken_targets"]
    if tool == "siteaudit":
        result.expected_urls = counts["expected_urls"]
    outdir = args.workdir / f"{tool}-{size}"
    # --resume (scale_table.py): continue the kept crawl of this size, on its own port
    port = resumed_port(outdir) if tool == "siteaudit" and getattr(args, "resume", False) else None
    if port is None:
        if outdir.exists():
            shutil.rmtree(outdir)
        outdir.mkdir(parents=True)
    log = outdir / f"{tool}.log"
    exe = args.siteaudit or siteaudit_exe()
    if tool == "siteaudit" and not exe.exists():
        result.note = f"{exe} not found (pip install -e . in the venv)"
        return result
    with serve_with_nginx(site_dir, workers=args.nginx_workers, port=port) as base:
        if tool == "siteaudit":
            # The default page cap (100,000) would cut the 100k site short: lift it.
            cap = args.max_pages or 2 * counts["expected_urls"]
            cmd = siteaudit_command(exe, base, outdir, args.concurrency, cap)
            cmd += ["--resume"] if port is not None else []
        else:
            cmd = peer_command(tool, base, outdir, args.concurrency)
        # advertools runs `scrapy`, which would find this repository's scrapy.cfg from any
        # folder inside it and load our project settings: run it from outside.
        bare = tool in ("advertools", "scrapy-bare")
        cwd = Path(tempfile.mkdtemp(prefix=f"{tool}-")) if bare else outdir
        result.run = run_measured(cmd, log, cwd=cwd)
    rc = result.run.returncode
    # Link checkers exit 1 when they find the planted broken links: that is success here.
    result.ok = (
        rc == 0
        or (tool == "wget" and rc in WGET_OK)
        or (tool in ("linkinator", "linkchecker") and rc == 1)
    )
    if not result.ok:
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] or [""]
        result.note = f"exit {rc}: {tail[0][:120]}"
    if tool == "siteaudit":
        db = outdir / "siteaudit.db"
        if db.exists():
            read_siteaudit_db(db, result)
        elif result.ok:
            result.note = "no siteaudit.db written"
    else:
        read_peer_output(tool, outdir, log, result)
    return result


def resumed_port(outdir: Path) -> int | None:
    """The port of the crawl kept in ``outdir`` (its site must be served there again), or
    None when there is none to resume."""
    db = outdir / "siteaudit.db"
    if not db.exists():
        return None
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT start_urls FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    starts = json.loads(row[0]) if row and row[0] else []
    port = urlsplit(starts[0]).port if starts else None
    return port


def fmt(value: object, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def crawl_rate(stats: dict[str, object]) -> float | None:
    """Pages per second of the crawl stage alone, from the crawler's own stats."""
    pages, secs = stats.get("pages_crawled"), stats.get("crawl_s")
    if isinstance(pages, int | float) and isinstance(secs, int | float) and secs > 0:
        return pages / secs
    return None


def _rss(run: Measurement | None) -> str:
    if run is None:
        return "-"
    if run.peak_rss_mb <= run.rss_floor_mb * 1.01:
        return f"≤{run.rss_floor_mb:.1f}"  # the child stayed under the inherited floor
    return f"{run.peak_rss_mb:.1f}"


def stage_peaks(r: Result) -> str:
    """Sampled peak RSS of the crawl, analysis and report stages (siteaudit only)."""
    run = r.run
    if run is None or not run.rss_samples or r.tool != "siteaudit":
        return "-"
    # The crawl stage starts within a few seconds of the process (imports, store); the
    # analysis and the report follow it, timed by the crawl's stats. The report's stage runs
    # to the end of the process (writing the JSON and closing the store).
    crawl_end = float(r.stats.get("crawl_s") or 0) + 3.0
    analysis_end = crawl_end + float(r.stats.get("analysis_s") or 0)
    crawl = run.peak_rss_between(0, crawl_end)
    analysis = run.peak_rss_between(crawl_end, analysis_end)
    report = run.peak_rss_between(analysis_end, run.wall_s)
    return f"{fmt(crawl, 0)} / {fmt(analysis, 0)} / {fmt(report, 0)}"


def markdown_table(results: list[Result]) -> str:
    """The results as a Markdown table, one row per tool and size."""
    head = [
        "tool", "site pages", "conc", "wall s", "CPU s", "pages stored", "expected", "pages/s",
        "peak RSS MB", "crawl / analysis / report peak MB", "DB MB", "DB KB/page",
        "broken found/planted", *STAGES, "crawl pages/s", "note",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        run = r.run
        rate = r.pages_stored / run.wall_s if run and r.pages_stored else None
        row = [
            r.tool,
            r.size,
            r.concurrency,
            run and run.wall_s,
            run and run.cpu_s,
            r.pages_stored,
            r.expected_urls,
            rate,
            _rss(run),
            stage_peaks(r),
            r.db_mb,
            r.db_mb * 1024 / r.pages_stored if r.db_mb and r.pages_stored else None,
            f"{fmt(r.broken_found)}/{fmt(r.broken_planted)}",
            *(r.stats.get(k) for k in STAGES),
            crawl_rate(r.stats),
            r.note,
        ]
        lines.append("| " + " | ".join(fmt(v) for v in row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, action="append", help="site size (repeatable)")
    ap.add_argument("--tool", choices=TOOLS, action="append", help="crawler (repeatable)")
    ap.add_argument("--peers", action="store_true", help="siteaudit and every peer tool")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--max-pages", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--nginx-workers", type=int, default=2)
    ap.add_argument("--siteaudit", type=Path, help="executable (default: next to python)")
    ap.add_argument("--workdir", type=Path, default=HERE / "out")
    ap.add_argument("--sites", type=Path, default=HERE / "sites")
    ap.add_argument(
        "--gzip-from",
        type=int,
        metavar="N",
        help="generate sites of N pages or more with --gzip (articles as .html.gz, ~1/3 the disk)",
    )
    args = ap.parse_args(argv)
    args.workdir, args.sites = args.workdir.resolve(), args.sites.resolve()
    # Turn `kill` into an exception so nginx and the crawler are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    results = []
    for size in args.pages or [5000]:
        tools = ["siteaudit", *PEERS] if args.peers else args.tool or ["siteaudit"]
        for tool in tools:
            print(f"{tool}: {size} pages ...", file=sys.stderr, flush=True)
            try:
                results.append(bench_one(tool, size, args))
            except NginxError as exc:
                raise SystemExit(f"error: {exc}") from None
    table = markdown_table(results)
    floors = [r.run.rss_floor_mb for r in results if r.run]
    if floors:
        table += (
            f"\n\nPeak RSS includes a floor of {max(floors):.1f} MB inherited from this "
            "benchmark process (Linux keeps the spawner's RSS high-water mark across exec)."
        )
    print(table)
    args.workdir.mkdir(parents=True, exist_ok=True)
    (args.workdir / "results.json").write_text(
        json.dumps([asdict(r) for r in results], indent=2, default=str) + "\n"
    )
    (args.workdir / "results.md").write_text(table + "\n")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
