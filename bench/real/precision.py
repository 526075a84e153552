"""Precision per check and corpus, from the hand labels and the latest runs.

    .venv/bin/python bench/real/precision.py [--out bench/out-real] [--check CHECK ...]

For each corpus with labels: the distinct findings of each labelled check in the latest
run, how many of them carry a label, and precision = tp / (tp + fp) over those. Labelled
findings that the run no longer reports are counted apart (a removed fp is progress, a
removed tp is lost recall). Findings without a label are listed as "unlabelled": sample
them (sample.py) before trusting a precision figure.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from labels_io import LABELS, finding_key, read_findings, read_labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("bench/out-real"))
    ap.add_argument("--check", action="append", help="only these checks")
    args = ap.parse_args()
    print("| corpus | check | reported | labelled | tp | fp | precision | gone tp | gone fp |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in sorted(LABELS.glob("*.jsonl")):
        corpus = path.stem
        if not (args.out / corpus / "findings.json").exists():
            continue
        labels = {(r["check"], tuple(r["key"])): r["label"] for r in read_labels(corpus)}
        checks = sorted({c for c, _ in labels if not args.check or c in args.check})
        reported: dict[str, set[tuple[str, ...]]] = {c: set() for c in checks}
        for f in read_findings(args.out, corpus):
            if f["check"] in reported:
                reported[f["check"]].add(tuple(finding_key(f)))
        for check in checks:
            now = Counter(labels.get((check, k)) for k in reported[check])
            gone = Counter(
                label for (c, k), label in labels.items() if c == check and k not in reported[check]
            )
            tp, fp = now["tp"], now["fp"]
            precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
            print(
                f"| {corpus} | {check} | {len(reported[check])} | {tp + fp} | {tp} | {fp} | "
                f"{precision} | {gone['tp']} | {gone['fp']} |"
            )


if __name__ == "__main__":
    main()
