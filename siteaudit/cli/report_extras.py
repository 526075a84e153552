"""`siteaudit diff OLD [NEW]`: what changed between two stored crawls.

OLD and NEW are output folders (their latest crawl) or ``DIR:ID`` for a given crawl; with
NEW left out, the latest crawl of OLD is compared with the crawl before it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from siteaudit.app.crawl_diff import compare_crawls, previous_crawl_id
from siteaudit.core.crawl_changes import CrawlDiff
from siteaudit.core.records import Severity
from siteaudit.store import Store, StoreError

EXIT_NEW_FINDINGS = 1
EXIT_USAGE = 2


def parse_crawl_ref(ref: str) -> tuple[Path, int | None]:
    """'out' -> (out, None); 'out:3' -> (out, 3). A colon not followed by digits is a path."""
    folder, sep, tail = ref.rpartition(":")
    if sep and folder and tail.isdigit():
        return Path(folder), int(tail)
    return Path(ref), None


def _open(folder: Path) -> Store:
    if not folder.is_dir():
        raise StoreError(f"no such output folder: {folder}")
    return Store.in_folder(folder, create=False, verify=True)


def _summary_lines(diff: CrawlDiff, labels: tuple[str, str] | None = None) -> list[str]:
    s = diff.summary()
    old_label, new_label = labels or (f"#{diff.old_crawl}", f"#{diff.new_crawl}")
    lines = [
        f"Crawl {old_label} -> {new_label}",
        f"Findings: {s['new_findings']} new, {s['fixed_findings']} fixed, "
        f"{s['persisting_findings']} persisting.",
        f"Pages: {s['pages_added']} added, {s['pages_removed']} removed; "
        f"{s['status_changed']} status, {s['title_changed']} title, "
        f"{s['canonical_changed']} canonical changes.",
    ]
    if not diff.old_analysed:
        lines.append("(the old crawl was never analysed: every finding counts as new)")
    for f in diff.new_findings[:10]:
        lines.append(f"  + {f.severity:<7} {f.check:<28} {f.url}")
    for f in diff.fixed_findings[:10]:
        lines.append(f"  - {f.severity:<7} {f.check:<28} {f.url}")
    return lines


@click.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the full diff as JSON to this file.",
)
@click.option(
    "--fail-on-new",
    type=click.Choice(["error", "warning", "notice", "never"]),
    default="never",
    show_default=True,
    help="Exit 1 when new findings of this severity or worse appeared.",
)
def diff_command(old: str, new: str | None, json_path: Path | None, fail_on_new: str) -> None:
    """Compare two crawls: new, fixed and persisting findings; pages added, removed, changed.

    OLD and NEW are output folders (latest crawl) or DIR:ID. Without NEW, the latest crawl
    in OLD is compared with the one before it.
    """
    try:
        result = _diff(old, new)
    except StoreError as exc:
        click.echo(f"siteaudit: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for line in _summary_lines(result, _labels(old, new, result)):
        click.echo(line)
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(
            json.dumps(result.to_dict(), ensure_ascii=False, indent=1, default=str),
            encoding="utf-8",
        )
        click.echo(f"JSON: {json_path}")
    if fail_on_new != "never":
        worst = Severity(fail_on_new).rank
        if any(f.severity.rank <= worst for f in result.new_findings):
            sys.exit(EXIT_NEW_FINDINGS)


def _labels(old: str, new: str | None, diff: CrawlDiff) -> tuple[str, str] | None:
    """Crawls in two folders are named with their folder: each store numbers from 1."""
    old_folder, new_folder = parse_crawl_ref(old)[0], parse_crawl_ref(new)[0] if new else None
    if new_folder is None or old_folder.resolve() == new_folder.resolve():
        return None
    return f"{old_folder}:#{diff.old_crawl}", f"{new_folder}:#{diff.new_crawl}"


def _diff(old: str, new: str | None) -> CrawlDiff:
    old_folder, old_id = parse_crawl_ref(old)
    if new is None:
        with _open(old_folder) as store:
            new_id = store.crawl(old_id).id
            previous = previous_crawl_id(store, new_id)
            if previous is None:
                raise StoreError(f"{old_folder} holds only one crawl: nothing to compare")
            return compare_crawls(store, previous, store, new_id)
    new_folder, new_id_opt = parse_crawl_ref(new)
    with _open(old_folder) as old_store, _open(new_folder) as new_store:
        old_run, new_run = old_store.crawl(old_id), new_store.crawl(new_id_opt)
        return compare_crawls(old_store, old_run.id, new_store, new_run.id)
