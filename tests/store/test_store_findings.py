"""A crawl's findings are stored packed, a block of them a row (schema version 7)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from siteaudit.core.records import Finding, Severity
from siteaudit.store import Store, StoreDamaged
from siteaudit.store import crawl_store as crawl_store_module
from siteaudit.store.packing import pack_text

BASE = "http://127.0.0.1:4321"


def _findings(n: int) -> list[Finding]:
    """Findings with every field used: optional ones empty or not, unicode, nested evidence."""
    found = []
    for i in range(n):
        url = f"{BASE}/articles/{i}-how-do-i-reset-my-password.html"
        others = [f"{BASE}/articles/{j}-how-do-i-reset-my-password.html" for j in range(i % 5)]
        found.append(
            Finding(
                "title-duplicate" if i % 3 else "broken-related-link",
                (Severity.WARNING, Severity.ERROR, Severity.NOTICE)[i % 3],
                url,
                f"{len(others)} other page(s) have the same title «Réinitialiser» #{i}",
                element="title" if i % 2 else None,
                snippet=None if i % 4 == 0 else f"Réinitialiser le mot de passe – {i}",
                fix="Give each page its own title." if i % 5 else None,
                evidence={"others": others, "count": len(others), "nested": {"line": i}},
            )
        )
    return found


def _blocks(folder: Path, crawl: int) -> list[tuple[int, int, int]]:
    """(block, findings, bytes) of each stored block of ``crawl``."""
    with sqlite3.connect(folder / "siteaudit.db") as db:
        rows = db.execute(
            "SELECT block, findings, length(data) FROM finding_blocks WHERE crawl_id = ? "
            "ORDER BY block",
            (crawl,),
        ).fetchall()
    return [(int(a), int(b), int(c)) for a, b, c in rows]


def test_findings_come_back_as_stored_in_order_over_several_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(crawl_store_module, "FINDING_BLOCK", 7)
    found = _findings(30)
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([f"{BASE}/"], {})
        other = store.begin_crawl([f"{BASE}/"], {})
        store.replace_findings(crawl, found)
        store.replace_findings(other, found[:3])
        assert store.findings(crawl) == found
        assert store.count_findings(crawl) == 30
        # Replacing drops every earlier block, and leaves other crawls' findings alone.
        store.replace_findings(crawl, found[10:12])
        assert store.findings(crawl) == found[10:12]
        assert store.findings(other) == found[:3]
        store.replace_findings(crawl, [])
        assert store.findings(crawl) == [] and store.count_findings(crawl) == 0
    with Store.in_folder(tmp_path) as store:
        store.replace_findings(crawl, found)
    assert [(block, n) for block, n, _ in _blocks(tmp_path, crawl)] == [
        (0, 7), (1, 7), (2, 7), (3, 7), (4, 2)
    ]  # fmt: skip
    assert [(block, n) for block, n, _ in _blocks(tmp_path, other)] == [(0, 3)]
    with Store.in_folder(tmp_path) as store:
        assert store.findings(crawl) == found


def test_repetitive_findings_take_a_small_part_of_their_json(tmp_path: Path) -> None:
    """Findings repeat their URLs and phrasing: packed in blocks they take under a tenth of
    the JSON a row each held (version 6 stored ~1.3 KB a finding at 100,000 pages)."""
    found = _findings(5_000)
    as_rows = sum(len(json.dumps(f.to_dict())) for f in found)
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([f"{BASE}/"], {})
        store.replace_findings(crawl, found)
    stored = sum(size for _, _, size in _blocks(tmp_path, crawl))
    assert stored < as_rows / 10, (stored, as_rows)


def test_a_damaged_block_is_one_line_of_damage(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([f"{BASE}/"], {})
        store.replace_findings(crawl, _findings(3))
    for bad in (b"not zstd", pack_text("[1, 2"), pack_text('[["too", "short"]]')):
        with sqlite3.connect(tmp_path / "siteaudit.db") as db:
            db.execute("UPDATE finding_blocks SET data = ?", (bad,))
        with Store.in_folder(tmp_path) as store, pytest.raises(StoreDamaged) as caught:
            store.findings(crawl)
        message = str(caught.value)
        assert "finding_blocks" in message and "\n" not in message


def test_rebased_urls_reach_the_packed_findings(tmp_path: Path) -> None:
    found = _findings(4)
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([f"{BASE}/"], {})
        store.replace_findings(crawl, found)
        store.rebase_urls(crawl, f"{BASE}/", "https://help.example.com/")
        got = store.findings(crawl)
    assert [f.url for f in got] == [
        f.url.replace(f"{BASE}/", "https://help.example.com/") for f in found
    ]
    assert got[3].evidence["others"] == [
        u.replace(f"{BASE}/", "https://help.example.com/")
        for u in found[3].evidence["others"]  # type: ignore[attr-defined]
    ]
    assert BASE not in json.dumps([f.to_dict() for f in got])
