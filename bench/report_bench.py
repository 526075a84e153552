"""Report benchmark: a synthetic 100,000-page crawl -> HTML report -> load time in Chromium.

    .venv/bin/python bench/report_bench.py [--pages 100000] [--out bench/out/report-100k]

Writes a store straight through ``Store.add_pages`` (no crawl), renders the report, then
opens it from file:// in Debian's headless Chromium and measures, per page, the time from
navigation to "usable": the load event, and for data tables the first rows drawn (the
table is sortable from then on) and all shards loaded. Prints a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.reports import render_html_report

from siteaudit.app.audit import build_report_model
from siteaudit.core.records import Finding, Link, Page, Severity
from siteaudit.store import Store

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITE = "https://help.example.com"
SECTIONS = ["faq/billing", "faq/shipping", "faq/returns", "blog", "docs/api", "docs/guides"]


def synthesise(folder: Path, pages: int, seed: int = 7) -> tuple[int, list[Finding]]:
    """Store a finished crawl of ``pages`` URLs and return its id and plausible findings."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    findings: list[Finding] = []
    with Store.in_folder(folder) as store:
        crawl_id = store.begin_crawl([f"{SITE}/"], {"max_pages": pages})
        batch: list[Page] = []
        for i in range(pages):
            section = SECTIONS[i % len(SECTIONS)]
            url = f"{SITE}/{section}/article-{i:06d}.html"
            status = 200 if rng.random() > 0.03 else rng.choice([301, 404, 410, 500])
            title = f"Article {i} about {section.split('/')[-1]}"
            page = Page(
                url,
                status,
                content_type="text/html",
                depth=1 + i % 7,
                found_on=f"{SITE}/{section}/article-{max(0, i - 1):06d}.html",
                elapsed_ms=rng.lognormvariate(4.5, 0.6),
                size=20000,
                is_html=status == 200,
                title=title if i % 50 else None,
                title_count=1,
                h1=[title],
                word_count=rng.randint(50, 1500),
                links=[
                    Link(
                        url, f"{SITE}/{section}/article-{rng.randrange(pages):06d}.html", position=n
                    )
                    for n in range(3)
                ],
            )
            batch.append(page)
            if status >= 400:
                findings.append(
                    Finding(
                        "broken-related-link",
                        Severity.ERROR,
                        page.found_on or url,
                        f"Related link 3 goes to {url}: {status}",
                        "related link",
                        title,
                        evidence={"target": url, "status": status, "related_number": 3},
                    )
                )
            if page.title is None:
                findings.append(Finding("title-missing", Severity.ERROR, url, "No title"))
            if i % 3 == 0:
                findings.append(
                    Finding("meta-description-missing", Severity.NOTICE, url, "No description")
                )
            if i % 10 == 1:
                findings.append(
                    Finding(
                        "title-duplicate",
                        Severity.WARNING,
                        url,
                        f'Same title as another page: "{title}"',
                        "title",
                        title,
                    )
                )
            if len(batch) == 5000:
                store.add_pages(crawl_id, batch)
                batch = []
        store.add_pages(crawl_id, batch)
        store.finish_crawl(
            crawl_id, "finished", {"pages_crawled": pages, "crawl_s": 900.0, "pages_per_s": 111.1}
        )
    return crawl_id, findings


def measure_in_chromium(report: Path, pages: list[str]) -> dict[str, dict[str, float]]:
    """Per report page: ms to the load event, to the first table rows, to all shards loaded."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name in pages:
            tab = browser.new_page()
            errors: list[str] = []
            tab.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            started = time.perf_counter()
            tab.goto((report / name).as_uri(), wait_until="load")
            loaded = time.perf_counter()
            row: dict[str, float] = {"load_ms": round((loaded - started) * 1000)}
            if tab.query_selector("[data-table]"):
                tab.wait_for_function(
                    "() => document.querySelector('[data-table] .dt-status')"
                    " && /Rows \\d/.test(document.querySelector('[data-table] .dt-status')"
                    ".textContent)",
                    timeout=60000,
                )
                row["first_rows_ms"] = round((time.perf_counter() - started) * 1000)
                tab.wait_for_selector("[data-table][data-state='ready']", timeout=120000)
                row["all_rows_ms"] = round((time.perf_counter() - started) * 1000)
            row["dom_nodes"] = tab.evaluate("() => document.getElementsByTagName('*').length")
            row["errors"] = len(errors)
            results[name] = row
            tab.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/report-100k"))
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)

    started = time.perf_counter()
    crawl_id, findings = synthesise(args.out, args.pages)
    synth_s = time.perf_counter() - started

    with Store.in_folder(args.out) as store:
        started = time.perf_counter()
        context = AnalysisContext(AuditData.load(store, crawl_id))
        model = build_report_model(store, context, findings)
        model_s = time.perf_counter() - started
        started = time.perf_counter()
        index = render_html_report(model, args.out)
        render_s = time.perf_counter() - started
    report = index.parent
    files = [p for p in report.rglob("*") if p.is_file()]
    html_sizes = {
        p.relative_to(report).as_posix(): p.stat().st_size for p in report.rglob("*.html")
    }
    biggest_check = max(
        (p for p in html_sizes if p.startswith("checks/")),
        key=lambda p: len(list((report / "data").glob(f"check-{Path(p).stem}-*.js"))),
    )
    timings = measure_in_chromium(report, ["index.html", "urls.html", biggest_check])
    summary = {
        "pages": args.pages,
        "findings": len(findings),
        "synthesise_s": round(synth_s, 1),
        "model_s": round(model_s, 1),  # graph analysis, statistics, diff (the app)
        "render_s": round(render_s, 1),
        "report_files": len(files),
        "report_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "index_kb": round(html_sizes["index.html"] / 1e3, 1),
        "largest_html_kb": round(max(html_sizes.values()) / 1e3, 1),
        "largest_data_shard_kb": round(
            max(p.stat().st_size for p in (report / "data").glob("*.js")) / 1e3, 1
        ),
        "chromium": timings,
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
