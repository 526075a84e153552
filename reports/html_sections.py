"""The report's secondary pages: all URLs, changes, suppressed findings and the editor view."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from jinja2 import Environment
from siteaudit.reports.data_tables import write_table
from siteaudit.reports.editor import EditorSection
from siteaudit.reports.environment import render_template
from siteaudit.reports.table_rows import (
    FINDING_CHANGE_COLUMNS,
    PAGE_CHANGE_COLUMNS,
    SUPPRESSED_COLUMNS,
    URL_COLUMNS,
    finding_change_rows,
    page_change_rows,
    suppressed_rows,
    url_rows,
)

from siteaudit.core.crawl_changes import CrawlDiff
from siteaudit.core.records import CrawlRun, Finding, Page
from siteaudit.core.suppression import SuppressedFinding

EDITOR_PAGES_PER_FILE = 150

EntryHref = Callable[[str], str | None]


def dump(
    env: Environment, name: str, path: Path, common: dict[str, object], **context: object
) -> None:
    # Every page is bounded (shards of pages, parts of sections, data tables hold the rest),
    # so render it whole: streaming passed each of millions of small chunks through three
    # generators and cost more than rendering them.
    text = render_template(env, name, {**common, **context})
    path.write_bytes(text.encode("utf-8"))


def render_urls(
    env: Environment,
    staging: Path,
    common: dict[str, object],
    pages: dict[str, Page],
    by_url: dict[str, list[Finding]],
    entry: EntryHref,
    inlinks: Mapping[str, int],
) -> None:
    counts = {url: len(items) for url, items in by_url.items()}
    table = write_table(
        staging / "data",
        "urls",
        URL_COLUMNS,
        url_rows((pages[u] for u in sorted(pages)), entry, counts, inlinks),
    )
    dump(env, "urls.html", staging / "urls.html", common, root="", table=table, uses_tables=True)


def render_changes(
    env: Environment,
    staging: Path,
    common: dict[str, object],
    diff: CrawlDiff,
    entry: EntryHref,
) -> None:
    data_dir = staging / "data"
    findings_table = write_table(
        data_dir, "changes-findings", FINDING_CHANGE_COLUMNS, finding_change_rows(diff, entry)
    )
    pages_table = write_table(
        data_dir, "changes-pages", PAGE_CHANGE_COLUMNS, page_change_rows(diff, entry)
    )
    dump(
        env,
        "changes.html",
        staging / "changes.html",
        common,
        root="",
        diff=diff,
        diff_summary=diff.summary(),
        findings_table=findings_table,
        pages_table=pages_table,
        uses_tables=True,
    )


def render_suppressed(
    env: Environment, staging: Path, common: dict[str, object], suppressed: list[SuppressedFinding]
) -> None:
    table = write_table(
        staging / "data", "suppressed", SUPPRESSED_COLUMNS, suppressed_rows(suppressed)
    )
    dump(
        env,
        "suppressed.html",
        staging / "suppressed.html",
        common,
        root="",
        table=table,
        uses_tables=True,
    )


def render_editor(
    env: Environment,
    staging: Path,
    common: dict[str, object],
    sections: list[EditorSection],
    run: CrawlRun,
) -> None:
    """editor/index.html plus one printable file per section (split when it is long), and
    data/editor-pages.js: every page's URL, title and place, for the index's search box."""
    files: list[dict[str, object]] = []
    index: list[list[str]] = []
    for section in sections:
        chunks = [
            section.pages[i : i + EDITOR_PAGES_PER_FILE]
            for i in range(0, len(section.pages), EDITOR_PAGES_PER_FILE)
        ]
        names = [f"{section.slug}.html"] + [
            f"{section.slug}-part{n}.html" for n in range(2, len(chunks) + 1)
        ]
        files.append({"section": section, "files": names})
        fix_count = section.fix_count  # once per section, not once per part file
        for name, chunk in zip(names, chunks, strict=True):
            index += [[p.url, p.title or "", f"{name}#page-{i}"] for i, p in enumerate(chunk, 1)]
        for n, (name, chunk) in enumerate(zip(names, chunks, strict=True), start=1):
            dump(
                env,
                "editor.html",
                staging / "editor" / name,
                common,
                root="../",
                section=section,
                fix_count=fix_count,
                editor_pages=chunk,
                part=n,
                parts=names,
                pager=pager_links(names, n),
            )
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (staging / "data" / "editor-pages.js").write_text(
        f"siteauditEditorPages({payload});\n", encoding="utf-8"
    )
    dump(
        env,
        "editor_index.html",
        staging / "editor" / "index.html",
        common,
        root="../",
        sections=files,
        total_fixes=sum(s.fix_count for s in sections),
        total_pages=sum(len(s.pages) for s in sections),
    )


PAGER_NEAR = 4  # parts linked on each side of the current one


def pager_links(names: list[str], part: int) -> list[tuple[int | None, str | None]]:
    """The pager of part ``part`` (1-based) of ``names``: the first and last parts and
    PAGER_NEAR on each side, as (number, file; None for the current part), with
    (None, None) where parts are left out. Linking every part from every part made the
    editor's files grow with the square of a section (115 MB of pagers at 100,000 pages)."""
    shown = {1, len(names), *range(part - PAGER_NEAR, part + PAGER_NEAR + 1)}
    links: list[tuple[int | None, str | None]] = []
    for number in sorted(n for n in shown if 1 <= n <= len(names)):
        if links and links[-1][0] is not None and number > links[-1][0] + 1:
            links.append((None, None))
        links.append((number, None if number == part else names[number - 1]))
    return links
