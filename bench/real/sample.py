"""Draw a random sample of a check's findings on a real corpus for labelling by hand.

    .venv/bin/python bench/real/sample.py CORPUS CHECK [--n 30] [--seed 1] [--out bench/out-real]

Adds the sampled findings that have no label yet to bench/real/labels/CORPUS.jsonl with
``label: null``; edit the file and set each to "tp" or "fp" with a one-line ``why``.
The sample is drawn from the distinct keys, so a pair reported from both sides counts once.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from labels_io import finding_key, read_findings, read_labels, strip_origin, write_labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("check")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("bench/out-real"))
    args = ap.parse_args()
    by_key: dict[tuple[str, ...], dict] = {}
    for f in read_findings(args.out, args.corpus):
        if f["check"] == args.check:
            by_key.setdefault(tuple(finding_key(f)), f)
    rows = read_labels(args.corpus)
    have = {(r["check"], tuple(r["key"])) for r in rows}
    keys = sorted(by_key)
    random.Random(args.seed).shuffle(keys)
    added = 0
    for key in keys[: args.n]:
        if (args.check, key) in have:
            continue
        f = by_key[key]
        rows.append(
            {
                "check": args.check,
                "key": list(key),
                "label": None,
                "why": "",
                "message": strip_origin(f["message"]),
                "snippet": strip_origin(f.get("snippet") or ""),
            }
        )
        added += 1
    write_labels(args.corpus, rows)
    print(f"{args.corpus} {args.check}: {len(keys)} distinct findings, {added} added to label")


if __name__ == "__main__":
    main()
