"""worklist.csv and worklist.json: one row per fix, for assigning work to editors.

The CSV opens in spreadsheets, so a cell that a spreadsheet would run as a formula
(starting with = + - @, tab or carriage return) is prefixed with a quote: crawled text is
written by strangers.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
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
    """Write worklist.csv and worklist.json into ``out_dir``; return both paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out_dir / "worklist.csv", out_dir / "worklist.json"

    def write_csv(handle: TextIO) -> None:
        writer = csv.writer(handle)
        writer.writerow(WORKLIST_COLUMNS)
        for row in worklist_rows(sections):
            writer.writerow([spreadsheet_safe(row[c]) for c in WORKLIST_COLUMNS])

    def write_json(handle: TextIO) -> None:
        dump_with_list(
            {"columns": list(WORKLIST_COLUMNS)}, "fixes", worklist_rows(sections), handle
        )

    _atomic_write(csv_path, write_csv, newline="")
    _atomic_write(json_path, write_json)
    return csv_path, json_path


def _atomic_write(path: Path, write: Callable[[TextIO], None], newline: str | None = None) -> None:
    fd, tmp = create_temp_beside(path)
    try:
        # utf-8-sig so spreadsheet programs detect UTF-8 in the CSV
        encoding = "utf-8-sig" if path.suffix == ".csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
