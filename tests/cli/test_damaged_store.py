"""A damaged store is refused with one line before any output is touched.

Each damage is made with sqlite3 on a copy of a store that a real crawl of a loopback site
wrote; the outputs of that crawl (report/, findings.json, worklist.csv/json) must come
through byte for byte.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from siteaudit.cli import main
from siteaudit.store import DB_NAME
from tests.helpers import html, run_siteaudit, write_site
from tests.site_server import serve_site

Damage = Callable[[Path], None]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with a crawl and its report, its store checkpointed into one file."""
    pages = {f"p{n}.html": html(f"Page {n}", '<a href="index.html">home</a>') for n in range(30)}
    links = "".join(f'<a href="p{n}.html">page {n}</a>' for n in range(30))
    pages["index.html"] = html("Home", links + '<a href="gone.html">gone</a>')
    root = write_site(tmp_path_factory.mktemp("site"), pages)
    out = tmp_path_factory.mktemp("out")
    with serve_site(root) as base:
        result = run_siteaudit("crawl", base + "/", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(out / DB_NAME)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return out


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every file of the folder but the store, by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(DB_NAME)
    }


def _sql(statement: str) -> Damage:
    def damage(db_path: Path) -> None:
        db = sqlite3.connect(db_path)
        with db:
            db.execute(statement)
        db.close()

    return damage


def _overwrite_middle(db_path: Path) -> None:
    """Garbage over three pages in the middle of the file, as a bad disk sector leaves."""
    size = db_path.stat().st_size
    with db_path.open("r+b") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(b"\xa5" * 3 * 4096)
    db = sqlite3.connect(db_path)
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    db.close()
    assert verdict != "ok"  # the damage is real: sqlite itself sees it


DAMAGES: dict[str, tuple[Damage, str]] = {
    "dropped table": (_sql("DROP TABLE pages"), "table pages is missing"),
    "corrupt page": (_overwrite_middle, "damaged ("),
    "invalid crawl config JSON": (
        _sql("UPDATE crawls SET config = '{\"max_pages\": 5'"),
        "invalid JSON in crawls.config",
    ),
    "schema version not a number": (
        _sql("UPDATE meta SET value = 'two' WHERE key = 'schema_version'"),
        "schema version 'two' is not a number",
    ),
    "missing schema version": (
        _sql("DELETE FROM meta WHERE key = 'schema_version'"),
        "records no schema version",
    ),
    "missing column": (_sql("ALTER TABLE pages DROP COLUMN lang"), "column pages.lang is missing"),
    "invalid page JSON": (
        _sql("UPDATE pages SET h1 = '[\"Home' WHERE url LIKE '%/'"),
        "invalid JSON in table pages",
    ),
    "invalid page text JSON": (
        _sql("UPDATE pages SET blocks = '[[\"main\", \"p\"' WHERE url LIKE '%/p7.html'"),
        "invalid JSON in table pages",
    ),
}


def _damaged_copy(crawled: Path, tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / "out"
    shutil.copytree(crawled, folder)
    DAMAGES[kind][0](folder / DB_NAME)
    return folder


def _assert_refused(result: Result, reason: str) -> None:
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("siteaudit: error: ") and "is damaged (" in lines[0]
    assert reason in lines[0]


@pytest.mark.parametrize("kind", DAMAGES)
def test_report_on_a_damaged_store_refuses_and_keeps_every_output(
    crawled: Path, tmp_path: Path, kind: str
) -> None:
    folder = _damaged_copy(crawled, tmp_path, kind)
    before = _outputs(folder)
    assert {"report/index.html", "findings.json", "worklist.csv", "worklist.json"} <= set(before)

    result = CliRunner().invoke(main, ["report", str(folder), "-q"])

    _assert_refused(result, DAMAGES[kind][1])
    assert _outputs(folder) == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("kind", ["dropped table", "corrupt page", "invalid crawl config JSON"])
def test_diff_with_a_damaged_store_refuses_in_one_line(
    crawled: Path, tmp_path: Path, kind: str
) -> None:
    folder = _damaged_copy(crawled, tmp_path, kind)
    result = CliRunner().invoke(main, ["diff", str(crawled), str(folder)])
    _assert_refused(result, DAMAGES[kind][1])


def test_crawls_lists_nothing_from_a_store_with_a_dropped_table(
    crawled: Path, tmp_path: Path
) -> None:
    folder = _damaged_copy(crawled, tmp_path, "dropped table")
    result = CliRunner().invoke(main, ["crawls", str(folder)])
    _assert_refused(result, "table pages is missing")
    # Refused before the schema is prepared: the table was not made again, empty.
    db = sqlite3.connect(folder / DB_NAME)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert "pages" not in tables


def test_a_report_whose_rendering_fails_keeps_every_output(crawled: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    shutil.copytree(crawled, folder)
    templates = tmp_path / "templates"
    templates.mkdir()
    # The per-page view renders after the overview and the check pages: a failure halfway.
    (templates / "pages.html").write_text("{{ no_such_value }}", encoding="utf-8")
    before = _outputs(folder)

    result = CliRunner().invoke(main, ["report", str(folder), "-q", "--templates", str(templates)])

    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.splitlines() == [
        "siteaudit: error: report template pages.html: 'no_such_value' is undefined"
    ]
    assert _outputs(folder) == before
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_the_undamaged_copy_still_reports(crawled: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    shutil.copytree(crawled, folder)
    (folder / "findings.json").unlink()
    result = CliRunner().invoke(main, ["report", str(folder), "-q"])
    assert result.exit_code == 0, (result.output, result.exception)
    again = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    first = json.loads((crawled / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert again == first and any(f["check"] == "broken-link" for f in again)
