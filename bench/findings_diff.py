"""Compare two findings.json files, ignoring the order of the findings and the timings.

    .venv/bin/python bench/findings_diff.py BEFORE/findings.json AFTER/findings.json

Prints the findings only one side has (per check, with a few examples) and exits 1 when the
summaries or the findings differ, 0 when they are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

_EXAMPLES = 3


def _canonical(finding: dict[str, Any]) -> str:
    return json.dumps(finding, sort_keys=True, ensure_ascii=False)


def diff_findings(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Lines describing how ``after`` differs from ``before``; empty when they agree."""
    lines: list[str] = []
    if before.get("summary") != after.get("summary"):
        lines.append(f"summary: {before.get('summary')} != {after.get('summary')}")
    old = Counter(_canonical(f) for f in before.get("findings", []))
    new = Counter(_canonical(f) for f in after.get("findings", []))
    for label, side in (("only before", old - new), ("only after", new - old)):
        by_check: dict[str, list[str]] = {}
        for text, count in side.items():
            by_check.setdefault(json.loads(text)["check"], []).extend([text] * count)
        for check, texts in sorted(by_check.items()):
            lines.append(f"{label}: {check}: {len(texts)}")
            lines.extend(f"    {text[:300]}" for text in sorted(texts)[:_EXAMPLES])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    lines = diff_findings(before, after)
    for line in lines:
        print(line)
    count = len(after.get("findings", []))
    print(f"{'DIFFERENT' if lines else 'same'}: {count} findings in {args.after}")
    sys.exit(1 if lines else 0)


if __name__ == "__main__":
    main()
