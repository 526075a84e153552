"""Measure the CI outputs of `siteaudit check` on a 10,000-page built site.

    .venv/bin/python bench/ci_output_bench.py [--pages 10000] [--targets 50] [--out DIR]
        [--siteaudit PATH]

Generates a folder of N pages in sections of 100; every page's header links to one of
``--targets`` missing stylesheets (so the errors are N findings in ``--targets`` distinct
targets) and its nav links to a folder without its trailing slash (one redirected link, a
warning, on every page). Runs `siteaudit check DIR --offline` once, writing every CI format,
and prints each output's size, the number of GitHub annotations, the exit line on stderr
and the wall time. ``--siteaudit`` runs another install (e.g. main's) for a before/after.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
FORMATS = ("text", "json", "junit", "sarif", "markdown", "github")
MIB = 1024 * 1024


def build_site(folder: Path, pages: int, targets: int) -> None:
    """N pages linking to ``targets`` missing files and to one redirecting folder URL."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.html").write_text("<html><title>Docs</title><h1>Docs</h1></html>")
    for n in range(pages):
        section = folder / f"s{n // 100}"
        section.mkdir(exist_ok=True)
        following = (n + 1) % pages
        (section / f"p{n}.html").write_text(
            f"<!DOCTYPE html><html><head><title>Page {n}</title>\n"
            f'<link rel="stylesheet" href="/missing/{n % targets}.css">\n'
            "</head><body>\n"
            '<nav><a href="/docs">Docs</a></nav>\n'
            f'<main><h1>Page {n}</h1><a href="/s{following // 100}/p{following}.html">next</a>'
            "</main>\n"
            "</body></html>\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--targets", type=int, default=50)
    parser.add_argument("--out", type=Path, default=Path("/tmp/siteaudit-ci-bench"))
    parser.add_argument("--siteaudit", default=str(REPO / ".venv" / "bin" / "siteaudit"))
    parser.add_argument("--reuse-site", action="store_true", help="Keep an existing site.")
    args = parser.parse_args()
    site, out = args.out / "site", args.out / "ci"
    if not (args.reuse_site and site.is_dir()):
        build_site(site, args.pages, args.targets)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    writes = [f"--write={name}={out / name}" for name in FORMATS]
    started = time.monotonic()
    done = subprocess.run(
        [args.siteaudit, "check", str(site), "--offline", "-q", "--no-cache", *writes],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    print(f"siteaudit check: exit {done.returncode} in {elapsed:.1f} s")
    print(f"stderr: {done.stderr.strip()[-300:] or '(nothing)'}")
    for name in FORMATS:
        size = (out / name).stat().st_size
        note = ""
        if name == "markdown":
            note = "  (fits 1 MiB)" if size < MIB else "  (OVER GitHub's 1 MiB)"
        if name == "github":
            lines = (out / name).read_text(encoding="utf-8").splitlines()
            note = f"  ({len(lines)} annotations)"
        print(f"  {name:9} {size:>12,} bytes{note}")
    data = json.loads((out / "json").read_text(encoding="utf-8"))
    summary = data["summary"]
    print(
        "  summary: "
        + ", ".join(f"{k}={summary.get(k)}" for k in ("pages", "errors", "warnings", "targets"))
    )
    text = (out / "text").read_text(encoding="utf-8").splitlines()
    print(f"  text, first line: {text[0]}")


if __name__ == "__main__":
    main()
