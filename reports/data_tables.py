"""Big tables as data: rows written to JavaScript shards that the report loads on demand.

Browsers block ``fetch()`` of local files opened from file://, but a ``<script src>`` under
the same folder is allowed by ``script-src 'self'``; so each shard is a tiny script calling
``siteauditData(tableId, shardNumber, rows)``. The HTML holds only the first rows (a
preview that also works without JavaScript), which keeps every page light however large
the site.

A cell is a string, a number, null, ``[text, href]`` for a link into the report, a list
of such pairs (a "places" column: the pages linking to one target), or ``{"lines": [...]}``
(a "lines" column: readable evidence, each line text or ``[text, url]``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

ROWS_PER_SHARD = 5000
PREVIEW_ROWS = 50

Link = list[str | None]  # [text, href or None]
Cell = str | int | float | None | Link | list[Link] | dict[str, list[str | list[str]]]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: key for CSV headers, label for people, kind for sorting and display."""

    key: str
    label: str
    kind: str = "text"  # text, num, url, sev, places (one linking place per line), lines


@dataclass(frozen=True, slots=True)
class DataTable:
    """A table written as shards, plus the preview rows the HTML shows before JS runs."""

    id: str
    columns: tuple[Column, ...]
    total: int
    shards: int
    src: str  # shard path prefix relative to report/, e.g. "data/check-broken-link-"
    preview: list[list[Cell]]


def write_table(
    data_dir: Path,
    table_id: str,
    columns: tuple[Column, ...],
    rows: Iterable[list[Cell]],
    *,
    per_shard: int = ROWS_PER_SHARD,
    preview: int = PREVIEW_ROWS,
) -> DataTable:
    """Write ``rows`` as ``data_dir/<table_id>-<n>.js`` shards; return the table's description."""
    total = 0
    shards = 0
    first: list[list[Cell]] = []
    for number, chunk in enumerate(_chunks(rows, per_shard), start=1):
        if number == 1:
            first = chunk[:preview]
        payload = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))
        path = data_dir / f"{table_id}-{number}.js"
        path.write_text(
            f"siteauditData({json.dumps(table_id)},{number},{payload});\n", encoding="utf-8"
        )
        total += len(chunk)
        shards = number
    return DataTable(table_id, columns, total, shards, f"data/{table_id}-", first)


def _chunks(rows: Iterable[list[Cell]], size: int) -> Iterator[list[list[Cell]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def cell_text(cell: Cell) -> str:
    """What a cell shows (the text of a [text, href] pair; a list's texts, one a line)."""
    if isinstance(cell, dict):
        return "\n".join(
            line if isinstance(line, str) else "".join(line) for line in lines_of(cell)
        )
    if isinstance(cell, list):
        if cell and isinstance(cell[0], list):
            return "\n".join(str(item[0] or "") for item in cell if isinstance(item, list))
        return str(cell[0] or "") if cell else ""
    return "" if cell is None else str(cell)


def lines_of(cell: Cell) -> list[str | list[str]]:
    """The lines of a "lines" cell (empty for any other cell)."""
    if isinstance(cell, dict):
        return list(cell.get("lines", []))
    return []


def cell_href(cell: Cell) -> str | None:
    """The in-report link of a [text, href] cell, if any."""
    if isinstance(cell, list) and len(cell) > 1 and isinstance(cell[1], str):
        return cell[1]
    return None


def cell_links(cell: Cell) -> list[tuple[str, str | None]]:
    """The (text, href) pairs of a places cell."""
    if not isinstance(cell, list):
        return []
    return [(str(i[0] or ""), i[1]) for i in cell if isinstance(i, list) and len(i) == 2]
