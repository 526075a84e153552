"""Crawl real documentation sites served by nginx on loopback, and time the report.

    .venv/bin/python bench/real/run_corpus.py [NAME ...] [--out bench/out-real]

For each corpus (default: every installed one): serve its folder with a throwaway nginx,
`siteaudit crawl` it, then time `siteaudit report` on the stored crawl (analysis + report
only). Prints one Markdown row per corpus; findings.json lands in OUT/NAME/.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # nginx_server lives in bench/

from corpora import CORPORA, Corpus, installed  # noqa: E402
from nginx_server import serve_with_nginx  # noqa: E402

SITEAUDIT = Path(sys.executable).with_name("siteaudit")


def run(corpus: Corpus, out: Path) -> dict[str, object]:
    """Crawl one corpus into ``out``/name and time a re-analysis; return the figures."""
    target = out / corpus.name
    with tempfile.TemporaryDirectory(prefix=f"real-{corpus.name}-") as tmp:
        site_dir = Path(tmp)
        (site_dir / "site").symlink_to(corpus.root)
        with serve_with_nginx(site_dir) as base:
            started = time.perf_counter()
            crawl = subprocess.run(
                [str(SITEAUDIT), "crawl", base + corpus.start, "-o", str(target), "-q"],
                capture_output=True,
                text=True,
            )
            crawl_s = time.perf_counter() - started
            if crawl.returncode not in (0, 1):
                raise SystemExit(f"{corpus.name}: crawl failed: {crawl.stderr.strip()[-400:]}")
    started = time.perf_counter()
    report = subprocess.run([str(SITEAUDIT), "report", str(target)], capture_output=True, text=True)
    report_s = time.perf_counter() - started
    if report.returncode not in (0, 1):
        raise SystemExit(f"{corpus.name}: report failed: {report.stderr.strip()[-400:]}")
    doc = json.loads((target / "findings.json").read_text(encoding="utf-8"))
    pages = int(doc["summary"]["pages"])
    return {
        "corpus": corpus.name,
        "pages": pages,
        "findings": doc["summary"]["findings"],
        "crawl_s": round(crawl_s, 1),
        "report_s": round(report_s, 1),
        "report_s_per_1000": round(report_s * 1000 / max(pages, 1), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="corpora (default: every installed one)")
    ap.add_argument("--out", type=Path, default=Path("bench/out-real"))
    args = ap.parse_args()
    names = args.names or [n for n, c in CORPORA.items() if installed(c)]
    print("| corpus | pages | findings | crawl s | report s | report s / 1,000 pages |")
    print("|---|---|---|---|---|---|")
    for name in names:
        corpus = CORPORA[name]
        if not installed(corpus):
            raise SystemExit(f"{name}: apt-get install {corpus.package}")
        r = run(corpus, args.out)
        print(
            f"| {r['corpus']} | {r['pages']} | {r['findings']} | {r['crawl_s']} | "
            f"{r['report_s']} | {r['report_s_per_1000']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
