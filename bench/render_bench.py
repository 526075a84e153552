"""Rendering benchmark: crawl a generated 2,000-page JavaScript-built help centre.

    .venv/bin/python bench/render_bench.py [--pages 2000] [--modes auto,never] [--out DIR]
        [--render-pages N]

The site is tests/js_site.py's help centre at bench size, served by nginx, with a sitemap so
a raw crawl (--render never) fetches the same pages (as sitemap-only URLs) for comparison.
For each mode it runs `siteaudit crawl` and samples, every 0.5 s, the proportional memory
(PSS, so Chromium's shared pages count once) of the whole process tree (Python, Playwright's
driver, Chromium's processes) and the pages stored so far. Prints pages/s, peak PSS, PSS at
200 pages and at the end of the crawl, and the machine's load (`uptime`) before and after.
It also sums the CPU time (user + system, from /proc/<pid>/stat) of every process of the tree
by kind (Python, Playwright's driver, each type of Chromium process) up to the end of the
crawl, before the audit's analysis and report, and divides it by the pages crawled.
Not run by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from generate_site import ORIGIN_PLACEHOLDER  # noqa: E402
from nginx_server import serve_with_nginx  # noqa: E402

from tests.js_site import write_js_site  # noqa: E402

SAMPLE_S = 0.5
FLAT_AFTER = 200  # pages: memory should be flat from here on
_TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def _site(root: Path, pages: int) -> int:
    """Write the help centre (about ``pages`` pages) under root/site, with a sitemap."""
    site = root / "site"
    if (site / "sitemap.xml").exists():
        return len((site / "sitemap.xml").read_text().split("<loc>")) - 1
    sections = max(1, pages // 64)
    per_section = 60
    kb = max(5, pages - sections * (per_section + 1) - 2)
    write_js_site(site, sections=sections, per_section=per_section, kb=kb)
    urls = sorted(
        "/" + str(p.relative_to(site)).replace("index.html", "")
        for p in site.rglob("*.html")
        if p.name != "noscript.html"
    )
    entries = "".join(f"<url><loc>{ORIGIN_PLACEHOLDER}{u}</loc></url>" for u in urls)
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
    return len(urls)


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def _kind(pid: int) -> str:
    """What a process of the tree is: python, driver, chromium <type>, or its program."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            # Chromium rewrites its processes' titles into one string with spaces.
            args = f.read().decode(errors="replace").replace("\0", " ").split()
    except OSError:
        return "?"
    if not args:
        return "?"
    if "chromium" in args[0] or args[0] == "/proc/self/exe" or "/usr/bin/chromium" in args[:2]:
        kind = next((a[7:] for a in args if a.startswith("--type=")), "browser")
        return f"chromium {kind}"
    if args[0].endswith("node"):
        return "driver"
    return "python" if "python" in args[0] or "siteaudit" in " ".join(args[:2]) else args[0]


def _cpu_s(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * _TICK_S


def _pages(db: Path) -> int | None:
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(con.execute("SELECT count(*) FROM pages").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None


def _crawl_ended(db: Path) -> bool:
    """Whether the crawl's row has its stats (written when the crawl stops, before analysis)."""
    if not db.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            row = con.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row and row[0] and "pages_crawled" in row[0])


def _second(item: tuple[str, float]) -> float:
    return -item[1]


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def run_mode(base: str, out: Path, mode: str, render_pages: int | None) -> dict[str, object]:
    """Crawl with --render ``mode``; its figures."""
    out.mkdir(parents=True, exist_ok=True)
    db = out / "siteaudit.db"
    for leftover in out.glob("siteaudit.db*"):
        leftover.unlink()
    cmd = [str(REPO / ".venv/bin/siteaudit"), "crawl", f"{base}/", "-o", str(out)]
    cmd += ["--render", mode, "-q"]
    if render_pages is not None:
        cmd += ["--render-pages", str(render_pages)]
    load_before = _uptime()
    started = time.perf_counter()
    with (out / "crawl.log").open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    samples: list[tuple[float, int | None, float, int]] = []
    cpu: dict[int, tuple[str, float]] = {}  # pid: kind, CPU seconds when last seen
    crawl_cpu: dict[int, tuple[str, float]] = {}  # the same when the crawl had ended

    def sample() -> None:
        last_pages: int | None = None
        while proc.poll() is None:
            pids = _tree(proc.pid)
            pages = _pages(db)
            last_pages = pages if pages is not None else last_pages
            samples.append((time.perf_counter() - started, last_pages, _pss_mb(pids), len(pids)))
            for pid in pids:
                seconds = _cpu_s(pid)
                if seconds is not None:
                    # A process's title can change after it starts (the chromium wrapper
                    # script, a zygote's child): the last kind seen counts.
                    kind = _kind(pid)
                    cpu[pid] = (cpu[pid][0] if kind == "?" and pid in cpu else kind, seconds)
            if not crawl_cpu and _crawl_ended(db):
                crawl_cpu.update(cpu)
            time.sleep(SAMPLE_S)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    proc.wait()
    thread.join()
    wall = time.perf_counter() - started
    con = sqlite3.connect(db)
    stats = con.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0]
    con.close()
    crawl = json.loads(stats)
    by_kind: dict[str, float] = {}
    for kind, seconds in (crawl_cpu or cpu).values():
        by_kind[kind] = by_kind.get(kind, 0.0) + seconds
    cpu_total = sum(by_kind.values())
    crawling = [s for s in samples if s[1] is not None and s[1] < crawl["pages_crawled"]]
    after = [s[2] for s in crawling if s[1] is not None and s[1] >= FLAT_AFTER]
    at_flat = next((s[2] for s in crawling if s[1] is not None and s[1] >= FLAT_AFTER), None)
    return {
        "mode": mode,
        "returncode": proc.returncode,
        "pages": crawl["pages_crawled"],
        "crawl_s": crawl["crawl_s"],
        "pages_per_s": crawl["pages_per_s"],
        "wall_s": round(wall, 1),
        "peak_pss_mb": round(max((s[2] for s in samples), default=0.0)),
        "pss_at_200_mb": round(at_flat) if at_flat else None,
        "pss_max_after_200_mb": round(max(after)) if after else None,
        "pss_end_of_crawl_mb": round(crawling[-1][2]) if crawling else None,
        "max_processes": max((s[3] for s in samples), default=0),
        "crawl_cpu_s": round(cpu_total, 1),
        "crawl_cpu_s_per_page": round(cpu_total / max(1, crawl["pages_crawled"]), 3),
        "crawl_cpu_by_kind": {
            k: round(v, 1) for k, v in sorted(by_kind.items(), key=lambda i: -i[1])
        },
        "pages_rendered": crawl.get("pages_rendered"),
        "browser_restarts": crawl.get("browser_restarts"),
        "load_before": load_before,
        "load_after": _uptime(),
        "timeline": [
            (round(t), p, round(m)) for t, p, m, _ in samples[:: max(1, len(samples) // 40)]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--modes", default="auto,never")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "render")
    parser.add_argument("--render-pages", type=int, help="pages rendered at once (--render-pages)")
    args = parser.parse_args()
    site_dir = args.out / f"site-{args.pages}"
    count = _site(site_dir, args.pages)
    print(f"site: {count} HTML pages in {site_dir}", flush=True)
    with serve_with_nginx(site_dir) as base:
        for mode in args.modes.split(","):
            result = run_mode(base, args.out / f"crawl-{mode}", mode, args.render_pages)
            for key, value in result.items():
                print(f"{mode:6s} {key}: {value}", flush=True)


if __name__ == "__main__":
    main()
