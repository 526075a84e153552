"""Benchmark `siteaudit check` on folders whose external links all point at dead hosts.

    .venv/bin/python bench/dead_host_bench.py [--target django] [--target generated]
        [--linkinator PATH] [--pages 10000]

Targets: Django's documentation as Debian installs it (/usr/share/doc/python-django-doc/html,
~690 pages, thousands of external links) and a generated folder of N pages with 10 links
each (N=10,000: 100,000 links on pages, 20,000 of them to 500 external hosts).

No packet leaves the machine. siteaudit runs through tests/resolver_hook.py, which resolves
only loopback names: every other host fails its DNS lookup locally, as when a CI runner has
no network; the dead-host breaker then gives up on each host after 2 attempts. linkinator
would resolve real names, so it runs with ``--skip`` matching every URL that is not on its
own loopback server: it checks internal links only, and its row says so. siteaudit
``--offline`` (no external checks) is the like-for-like row beside it. For a guarantee
rather than a precaution, run the whole benchmark in a network namespace that has only
loopback (as root): ``unshare -n sh -c 'ip link set lo up; .venv/bin/python bench/...'``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from pathlib import Path

from measure import run_measured

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DJANGO_DOCS = Path("/usr/share/doc/python-django-doc/html")
# Everything that is not linkinator's own loopback server is skipped (never fetched).
LINKINATOR_SKIP = r"^(?!https?://(localhost|127\.0\.0\.1|\[::1\])[:/])"
# siteaudit check's own concurrency. At linkinator's default (100) on a loaded machine, its
# server (in the same Node process as its client) left 22,000 of 24,700 links of the
# 10,000-page folder without an answer (status 0, "broken").
LINKINATOR_CONCURRENCY = 32
PER_SECTION = 100
EXTERNAL_HOSTS = 500


def generated_folder(folder: Path, pages: int, seed: int = 1) -> dict[str, int]:
    """N pages (index -> sections -> pages), each with 7 internal links, an image and 2
    links to external hosts that do not exist; ~0.5% of internal links are broken."""
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "p").mkdir(parents=True)
    (folder / "s").mkdir()
    (folder / "logo.png").write_bytes(b"\x89PNG")
    counts = {"pages": pages, "links": 0, "broken_internal": 0, "external_links": 0}
    sections = (pages + PER_SECTION - 1) // PER_SECTION
    index = "".join(f'<li><a href="s/{s}.html">Section {s}</a></li>' for s in range(sections))
    (folder / "index.html").write_text(f"<!DOCTYPE html><title>Home</title><ul>{index}</ul>\n")
    for s in range(sections):
        members = range(s * PER_SECTION, min(pages, (s + 1) * PER_SECTION))
        items = "".join(f'<li><a href="../p/{i}.html">Page {i}</a></li>' for i in members)
        (folder / "s" / f"{s}.html").write_text(
            f'<!DOCTYPE html><title>Section {s}</title><a href="../index.html">Home</a>'
            f"<ul>{items}</ul>\n"
        )
    for i in range(pages):
        links = []
        for _ in range(7):
            target = rng.randrange(pages)
            r = rng.random()
            if r < 0.005:
                links.append(f'<a href="{target}-deleted.html">gone</a>')
                counts["broken_internal"] += 1
            elif r < 0.2:
                links.append(f'<a href="{target}.html#details">details</a>')
            else:
                links.append(f'<a href="{target}.html">Page {target}</a>')
        for _ in range(2):
            host = rng.randrange(EXTERNAL_HOSTS)
            links.append(f'<a href="https://h{host}.example.invalid/doc/{rng.randrange(50)}">x</a>')
        counts["external_links"] += 2
        links.append('<img src="../logo.png" alt="logo">')
        counts["links"] += len(links)
        body = "\n".join(f"<p>{link}</p>" for link in links)
        (folder / "p" / f"{i}.html").write_text(
            f"<!DOCTYPE html><html><head><title>Page {i}</title></head><body><h1>Page {i}</h1>"
            f'<h2 id="details">Details</h2>\n{body}\n</body></html>\n'
        )
    return counts


def _commands(tool: str, folder: Path, out: Path, linkinator: Path) -> list[str]:
    if tool.startswith("siteaudit"):
        command = [sys.executable, "-m", "tests.resolver_hook", "check", str(folder),
                   "--no-cache", "--format=json", f"--write=json={out / 'result.json'}",
                   "-q"]  # fmt: skip
        return command + (["--offline"] if tool.endswith("offline") else [])
    return [str(linkinator), str(folder), "--recurse", "--concurrency", str(LINKINATOR_CONCURRENCY),
            "--format", "json", "--check-fragments", "--skip", LINKINATOR_SKIP]  # fmt: skip


def _found(tool: str, out: Path) -> dict[str, int]:
    if tool.startswith("siteaudit"):
        data = json.loads((out / "result.json").read_text())
        found: dict[str, int] = {}
        for problem in data["problems"]:
            status = problem["status"]
            key = "host unreachable" if status.startswith("host unreachable") else problem["check"]
            found[key] = found.get(key, 0) + 1
        found["urls"] = data["summary"]["urls"]
        found["links"] = data["summary"]["links"]
        return found
    log = (out / "log.txt").read_text(encoding="utf-8", errors="replace")
    start = log.find("{")
    data = json.loads(log[start:]) if start >= 0 else {"links": []}
    links = data.get("links", [])
    return {
        "broken": sum(1 for x in links if x.get("state") == "BROKEN"),
        "links_reported": len(links),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", action="append", choices=["django", "generated"])
    ap.add_argument("--tool", action="append")
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--linkinator", type=Path, default=BENCH / "node/node_modules/.bin/linkinator")
    args = ap.parse_args(argv)
    tools = args.tool or ["siteaudit", "siteaudit-offline", "linkinator"]
    rows = []
    for target in args.target or ["django", "generated"]:
        if target == "django":
            folder = DJANGO_DOCS
        else:
            folder = BENCH / "sites" / f"dead-hosts-{args.pages}"
            print("generated:", json.dumps(generated_folder(folder, args.pages)), flush=True)
        for tool in tools:
            out = BENCH / "out" / f"dead-hosts-{target}-{tool}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            command = _commands(tool, folder, out, args.linkinator)
            os.environ["PYTHONPATH"] = str(REPO)
            m = run_measured(command, out / "log.txt", cwd=REPO)
            found = _found(tool, out)
            rows.append((target, tool, m, found))
            print(f"{target} {tool}: exit {m.returncode}, {m.wall_s:.1f} s wall, "
                  f"{m.cpu_s:.1f} s CPU, {m.peak_rss_mb:.0f} MB; {json.dumps(found)}",
                  flush=True)  # fmt: skip
    table = [
        "| folder | tool | exit | wall s | CPU s | peak RSS MB | found |",
        "|---|---|---|---|---|---|---|",
    ]
    for target, tool, m, found in rows:
        table.append(
            f"| {target} | {tool} | {m.returncode} | {m.wall_s:.1f} | {m.cpu_s:.1f} | "
            f"{m.peak_rss_mb:.0f} | {json.dumps(found)} |"
        )
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
