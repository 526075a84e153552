"""Where a SQLite crawl store's bytes go: per table and index, and per column.

    python bench/store_size.py OUTPUT_DIR/siteaudit.db [--crawl ID]

Prints bytes per stored page for every table and index (SQLite's ``dbstat``: the B-tree
pages each one occupies, free space included) and, for the biggest tables, the bytes each
column's values take (``length()`` of text and blobs, 8 per number): which of page text,
links or the index on link targets dominates.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

# Columns to sum per table (only those the database has are read).
_COLUMN_TABLES = ("pages", "page_links", "urls", "link_texts")


def table_bytes(con: sqlite3.Connection) -> list[tuple[str, int]]:
    """(table or index name, bytes it occupies), biggest first."""
    rows = con.execute(
        "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC"
    )
    return [(str(name), int(size)) for name, size in rows]


def column_bytes(con: sqlite3.Connection, table: str) -> list[tuple[str, int]]:
    """(column, bytes its values take), biggest first."""
    names = [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
    if not names:
        return []
    sums = ", ".join(
        f"sum(CASE WHEN typeof({n}) IN ('text', 'blob') THEN length(CAST({n} AS BLOB)) "
        f"WHEN {n} IS NULL THEN 0 ELSE 8 END)"
        for n in names
    )
    totals = con.execute(f"SELECT {sums} FROM {table}").fetchone()
    found = [(name, int(total or 0)) for name, total in zip(names, totals, strict=True)]
    return sorted(found, key=lambda item: -item[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path)
    args = ap.parse_args(argv)
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    pages = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    if not pages:
        print("no pages stored", file=sys.stderr)
        return 1
    tables = table_bytes(con)
    total = sum(size for _, size in tables)
    print(f"{pages:,} pages, {total / 2**20:.1f} MiB in B-trees, {total / pages:,.0f} B/page\n")
    print("| table or index | MiB | bytes per page |\n|---|---|---|")
    for name, size in tables:
        print(f"| {name} | {size / 2**20:.1f} | {size / pages:,.0f} |")
    for table in _COLUMN_TABLES:
        columns = column_bytes(con, table)
        if not columns:
            continue
        print(f"\n| {table} column | bytes per page |\n|---|---|")
        for name, size in columns:
            print(f"| {name} | {size / pages:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
