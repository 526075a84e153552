"""Hand labels of findings on real sites: how a finding is keyed, read and written.

A label file is JSON Lines, one finding a line: ``check``, ``key`` (what identifies the
finding across runs, with the loopback origin removed since its port changes), ``label``
(``tp``: a real problem an editor should fix; ``fp``: noise; null: not labelled yet),
``why`` (one line), and the message and snippet the labeller saw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "labels"
_ORIGIN = re.compile(r"https?://127\.0\.0\.1:\d+")


def strip_origin(text: str) -> str:
    """The text with any loopback origin removed (``http://127.0.0.1:PORT/a`` -> ``/a``)."""
    return _ORIGIN.sub("", text)


def finding_key(finding: dict[str, Any]) -> list[str]:
    """What identifies a finding across runs, per check."""
    check = finding["check"]
    url = strip_origin(finding["url"])
    ev = finding.get("evidence") or {}
    if check == "term-variant":
        return [url, str(ev.get("variant")), str(ev.get("preferred"))]
    if check in ("near-duplicate-page", "duplicate-page"):
        # A pair is one problem whichever page it is reported on.
        return sorted([url, strip_origin(str(ev.get("target", "")))])
    if check in ("related-link-off-topic", "broken-link", "broken-related-link", "robots-blocked"):
        return [url, strip_origin(str(ev.get("target", "")))]
    return [url, strip_origin(finding["message"])]


def read_labels(corpus: str) -> list[dict[str, Any]]:
    """Every label line of one corpus (empty when there is no file yet)."""
    path = LABELS / f"{corpus}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_labels(corpus: str, rows: Iterable[dict[str, Any]]) -> None:
    """Write one corpus's labels, sorted by check and key so diffs stay small."""
    LABELS.mkdir(parents=True, exist_ok=True)
    ordered = sorted(rows, key=lambda r: (r["check"], r["key"]))
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in ordered)
    (LABELS / f"{corpus}.jsonl").write_text(text, encoding="utf-8")


def read_findings(out: Path, corpus: str) -> Iterator[dict[str, Any]]:
    """The findings of a corpus's latest run (``out``/corpus/findings.json)."""
    doc = json.loads((out / corpus / "findings.json").read_text(encoding="utf-8"))
    yield from doc["findings"]
