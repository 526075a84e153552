"""worklist.csv and worklist.json: one row per fix, for assigning work to editors.

The CSV opens in spreadsheets, so a cell that a spreadsheet would run as a formula
(starting with = + - @, tab or carriage return) is prefixed with a quote: crawled text is
written by strangers.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from siteaudit.reports.editor import EditorSection
from siteaudit.reports.json_stream import dump_with_list
from siteaudit.reports.temp_file import create_temp_beside

from siteaudit.core.csv_safety import spreadsheet_safe

WORKLIST_COLUMNS = (
    "section",
    "url",
    "page_title",
    "fix",
    "severity",
    "check",
    "action",
    "context",
    "target",
    "status",
    "assignee",
)


def worklist_rows(sections: list[EditorSection]) -> Iterator[dict[str, object]]:
    """One dict per fix, in the editor view's order (made as written: a large site has
    hundreds of thousands)."""
    for section in sections:
        for page in section.pages:
            for fix in page.fixes:
                yield {
                    "section": section.path,
                    "url": page.url,
                    "page_title": page.title or "",
                    "fix": fix.number,
                    "severity": fix.severity,
                    "check": fix.check,
                    "action": fix.action,
                    "context": fix.context or "",
                    "target": fix.target or "",
                    "status": "open",
                    "assignee": "",
                }


def write_worklist(sections: list[EditorSection], out_dir: Path) -> tuple[Path, Path]:
    """Write worklist.csv and worklist.json into ``out_dir``; return both paths.

    Both in one pass over the rows: phrasing a fix is most of a row's cost (a pass for each
    file took 30 s of a 100,000-page report).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out_dir / "worklist.csv", out_dir / "worklist.json"
    # utf-8-sig so spreadsheet programs detect UTF-8 in the CSV
    with (
        _atomic_file(csv_path, "utf-8-sig", newline="") as csv_handle,
        _atomic_file(json_path, "utf-8") as json_handle,
    ):
        writer = csv.writer(csv_handle)
        writer.writerow(WORKLIST_COLUMNS)

        def rows() -> Iterator[dict[str, object]]:
            for row in worklist_rows(sections):
                writer.writerow([spreadsheet_safe(row[c]) for c in WORKLIST_COLUMNS])
                yield row

        dump_with_list({"columns": list(WORKLIST_COLUMNS)}, "fixes", rows(), json_handle)
    return csv_path, json_path


@contextmanager
def _atomic_file(path: Path, encoding: str, newline: str | None = None) -> Iterator[TextIO]:
    """A file written beside ``path`` that replaces it only when the block ends cleanly."""
    fd, tmp = create_temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
