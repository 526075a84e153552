"""Benchmark `siteaudit check` against LinkChecker and linkinator on one built site.

    .venv/bin/python bench/check_bench.py [--pages 5000] [--tool siteaudit --tool linkchecker ...]

Generates a built static site of N pages with 20 links each (N=5000: 100,000 links):
14 relative links to other pages (some with #fragments), 2 assets (stylesheet, image) and
4 links to a second loopback server (nginx) standing in for the rest of the web. Planted:
links to deleted pages, missing images, missing #fragments, external 404s and external
redirects. Each tool checks the folder (linkinator and siteaudit serve it themselves;
LinkChecker reads it from disk) with external links on; the table reports wall time, CPU,
peak RSS and what each tool found. LinkChecker runs from bench/venv-linkchecker
(`python -m venv bench/venv-linkchecker && bench/venv-linkchecker/bin/pip install
linkchecker`), linkinator from bench/node (`npm install linkinator` there).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from pathlib import Path

from measure import run_measured
from nginx_server import serve_with_nginx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LINKS_PER_PAGE = 20
EXTERNAL_URLS = 2000
PER_SECTION = 100


def _external_site(folder: Path) -> dict[str, int]:
    """The 'rest of the web': 2000 URLs, 2% deleted (404), 2% redirecting (301)."""
    site = folder / "site"
    shutil.rmtree(folder, ignore_errors=True)
    (site / "ext").mkdir(parents=True)
    redirects, deleted = [], 0
    for i in range(EXTERNAL_URLS):
        if i % 50 == 7:
            deleted += 1
            continue
        if i % 50 == 11:
            redirects.append(f"location = /ext/{i}.html {{ return 301 /ext/{i + 1}.html; }}")
            continue
        (site / "ext" / f"{i}.html").write_text(f"<html><body><h1 id='top'>{i}</h1></body></html>")
    (folder / "redirects.conf").write_text("\n".join(redirects) + "\n")
    return {"external_404": deleted, "external_redirects": len(redirects)}


def _built_site(folder: Path, pages: int, external: str, seed: int = 1) -> dict[str, int]:
    """N pages in sections of 100, index -> sections -> pages, 20 links per page."""
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "static").mkdir(parents=True)
    (folder / "static" / "site.css").write_text("body{background:url(bg.png)}\n")
    (folder / "static" / "bg.png").write_bytes(b"\x89PNG")
    (folder / "static" / "logo.png").write_bytes(b"\x89PNG")
    sections = (pages + PER_SECTION - 1) // PER_SECTION
    counts = {"pages": pages, "links": 0, "broken_internal": 0, "missing_images": 0}
    counts.update(missing_fragments=0, external_links=0)
    for s in range(sections):
        members = range(s * PER_SECTION, min(pages, (s + 1) * PER_SECTION))
        items = "".join(f'<li><a href="../p/{i}.html">Page {i}</a></li>' for i in members)
        (folder / "s").mkdir(exist_ok=True)
        (folder / "s" / f"{s}.html").write_text(
            f"<!DOCTYPE html><html><head><title>Section {s}</title></head><body>"
            f'<a href="../index.html">Home</a><ul>{items}</ul></body></html>\n'
        )
    index = "".join(f'<li><a href="s/{s}.html">Section {s}</a></li>' for s in range(sections))
    (folder / "index.html").write_text(
        f"<!DOCTYPE html><html><head><title>Home</title></head><body><ul>{index}</ul>"
        "</body></html>\n"
    )
    (folder / "p").mkdir()
    for i in range(pages):
        links = []
        for _ in range(14):
            r = rng.random()
            target = rng.randrange(pages)
            if r < 0.005:
                links.append(f'<a href="{target}-deleted.html">gone</a>')
                counts["broken_internal"] += 1
            elif r < 0.01:
                links.append(f'<a href="{target}.html#no-such-part">part</a>')
                counts["missing_fragments"] += 1
            elif r < 0.2:
                links.append(f'<a href="{target}.html#details">details</a>')
            else:
                links.append(f'<a href="{target}.html">Page {target}</a>')
        for _ in range(4):
            links.append(f'<a href="{external}/ext/{rng.randrange(EXTERNAL_URLS)}.html">ext</a>')
        counts["external_links"] += 4
        logo = "../static/logo.png"
        if rng.random() < 0.01:
            logo = "../static/missing.png"
            counts["missing_images"] += 1
        body = "\n".join(f"<p>{link}</p>" for link in links)
        (folder / "p" / f"{i}.html").write_text(
            f'<!DOCTYPE html><html><head><title>Page {i}</title><link rel="stylesheet" '
            f'href="../static/site.css"></head><body><h1>Page {i}</h1>'
            f'<h2 id="details">Details</h2><img src="{logo}" alt="logo">\n{body}\n</body></html>\n'
        )
        counts["links"] += LINKS_PER_PAGE
    return counts


def _commands(tool: str, site: Path, out: Path) -> list[str]:
    if tool == "siteaudit":
        return [sys.executable, "-m", "siteaudit", "check", str(site), "--no-cache",
                "--format=json", f"--write=json={out / 'result.json'}", "-q",
                "--per-host=16", "--concurrency=64"]  # fmt: skip
    if tool == "linkchecker":
        exe = BENCH / "venv-linkchecker" / "bin" / "linkchecker"
        # Its default of 10 requests/s per host would dominate a loopback run; lift it.
        rc = out / "linkcheckerrc"
        rc.write_text("[checking]\nmaxrequestspersecond=1000\n")
        return [str(exe), "--config", str(rc), "--check-extern", "--no-status",
                "--no-warnings", "-t", "32", "-o", "csv", "--ignore-url=^mailto:",
                str(site / "index.html")]  # fmt: skip
    exe = BENCH / "node" / "node_modules" / ".bin" / "linkinator"
    return [str(exe), str(site), "--recurse", "--concurrency", "64", "--format", "json",
            "--check-fragments", "--timeout", "20000"]  # fmt: skip


def _found(tool: str, out: Path) -> dict[str, int]:
    """Broken-link instances each tool reported, parsed from its own output."""
    log = (out / "log.txt").read_text(encoding="utf-8", errors="replace")
    if tool == "siteaudit":
        data = json.loads((out / "result.json").read_text())
        found: dict[str, int] = {}
        for problem in data["problems"]:
            key = f"{problem['check']} ({problem['level']})"
            found[key] = found.get(key, 0) + 1
        found["urls_checked"] = data["summary"]["urls"]
        return found
    if tool == "linkchecker":
        rows = [
            r for r in csv.reader(line for line in log.splitlines() if not line.startswith("#"))
        ]
        header = rows[0] if rows else []
        if "valid" not in header:
            return {"unparsed": 1}
        valid = header.index("valid")
        result = header.index("result")
        broken = [r for r in rows[1:] if len(r) > valid and r[valid] == "False"]
        kinds: dict[str, int] = {}
        for row in broken:
            label = row[result].split(" ")[0] or "error"
            kinds[label] = kinds.get(label, 0) + 1
        return {"broken": len(broken), **kinds, "rows": len(rows) - 1}
    start = log.find("{")
    data = json.loads(log[start:]) if start >= 0 else {"links": []}
    broken = [x for x in data.get("links", []) if x.get("state") == "BROKEN"]
    statuses: dict[str, int] = {}
    for link in broken:
        statuses[str(link.get("status"))] = statuses.get(str(link.get("status")), 0) + 1
    return {"broken": len(broken), **statuses, "links_reported": len(data.get("links", []))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--tool", action="append", choices=["siteaudit", "linkchecker", "linkinator"])
    args = ap.parse_args(argv)
    tools = args.tool or ["siteaudit", "linkchecker", "linkinator"]
    root = BENCH / "sites" / f"check-{args.pages}"
    rows = []
    planted_ext = _external_site(root / "external")
    with serve_with_nginx(root / "external", workers=4) as external:
        planted = _built_site(root / "built", args.pages, external)
        planted.update(planted_ext)
        print("planted:", json.dumps(planted))
        for tool in tools:
            out = BENCH / "out" / f"check-{tool}-{args.pages}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            m = run_measured(_commands(tool, root / "built", out), out / "log.txt", cwd=REPO)
            found = _found(tool, out)
            rows.append((tool, m, found))
            print(f"{tool}: exit {m.returncode}, {m.wall_s:.1f} s wall, {m.cpu_s:.1f} s CPU, "
                  f"{m.peak_rss_mb:.0f} MB; found {json.dumps(found)}", flush=True)  # fmt: skip
    table = ["| tool | exit | wall s | CPU s | peak RSS MB | found |", "|---|---|---|---|---|---|"]
    for tool, m, found in rows:
        table.append(
            f"| {tool} | {m.returncode} | {m.wall_s:.1f} | {m.cpu_s:.1f} | "
            f"{m.peak_rss_mb:.0f} | {json.dumps(found)} |"
        )
    text = f"planted: {json.dumps(planted)}\n\n" + "\n".join(table) + "\n"
    (BENCH / "out" / f"check-results-{args.pages}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
