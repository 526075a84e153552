"""The demo's findings reduced to what must not change by accident: a golden summary.

Each finding becomes (check, severity, path, element, message) with the server's origin
removed (its port changes per run) and the query trap's example URL dropped (which
calendar URL is the 51st depends on crawl order). The golden file keeps the count per
(check, severity), readable in a diff, and a hash of the sorted tuples, so any change to
a finding's identity or message fails. Regenerate after an intended change with
``python -m tests.e2e.demo_golden FINDINGS_JSON > tests/e2e/data/demo_findings_golden.json``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

_ORIGIN = re.compile(r"http://127\.0\.0\.1:\d+")
_TRAP_EXAMPLE = re.compile(r" \(e\.g\. [^)]*\)")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def golden_summary(findings: list[dict]) -> dict[str, object]:
    """{"counts": {"check severity": n}, "sha256": hash of the normalised findings}."""
    rows = sorted(
        (
            f["check"],
            f["severity"],
            _path(f["url"]),
            f["element"] or "",
            _TRAP_EXAMPLE.sub("", _ORIGIN.sub("", f["message"])),
        )
        for f in findings
    )
    counts = Counter(f"{check} {severity}" for check, severity, *_ in rows)
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()
    return {"counts": dict(sorted(counts.items())), "sha256": digest}


if __name__ == "__main__":
    loaded = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["findings"]
    sys.stdout.write(json.dumps(golden_summary(loaded), indent=2) + "\n")
