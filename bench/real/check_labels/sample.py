"""Draw a random sample of `siteaudit check` problems on a folder, with what a labeller needs.

    .venv/bin/python bench/real/check_labels/sample.py RESULT.json FOLDER --out SAMPLE.jsonl
        [--check broken-link --check missing-fragment] [--size 40] [--seed 18]

RESULT.json is `check FOLDER --write json=RESULT.json`. Each line of SAMPLE.jsonl holds the
problem (file, line, column, target, status), the source line around the link, and two
facts looked up on disk: whether the target's file exists in the folder (site-root paths
resolved from FOLDER), and whether it exists at that path on this machine (for absolute
filesystem paths written as site-root links). Labels (`label`: tp/fp, `why`) are added by
hand to a copy (labels.jsonl).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _context(folder: Path, file: str, line: int | None, column: int | None) -> str:
    try:
        lines = (folder / file).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return ""
    if not line or line > len(lines):
        return ""
    text = lines[line - 1]
    start = max(0, (column or 1) - 80)
    return text[start : (column or 1) + 120]


def _facts(folder: Path, target: str) -> dict[str, object]:
    path = unquote(urlsplit(target).path)
    if not path.startswith("/"):
        return {}
    in_folder = folder / path.lstrip("/")
    fragment = urlsplit(target).fragment
    facts: dict[str, object] = {
        "exists_in_folder": in_folder.is_file() or (in_folder / "index.html").is_file(),
        "exists_on_disk": Path(path).exists(),
    }
    if fragment and in_folder.is_file():
        html = in_folder.read_text(encoding="utf-8", errors="replace")
        facts["id_in_target"] = f'id="{fragment}"' in html or f'name="{fragment}"' in html
    return facts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("result", type=Path)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--check", action="append")
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    checks = set(args.check or ["broken-link"])
    problems = [p for p in json.loads(args.result.read_text())["problems"] if p["check"] in checks]
    rng = random.Random(args.seed)
    sample = rng.sample(problems, min(args.size, len(problems)))
    with args.out.open("w", encoding="utf-8") as out:
        for p in sample:
            file = p["page"].lstrip("/") or "index.html"  # the page's file in the folder
            row = {
                "check": p["check"],
                "page": p["page"],
                "line": p["line"],
                "column": p["column"],
                "target": p["target"],
                "status": p["status"],
                "source": _context(args.folder, file, p["line"], p["column"]),
                **_facts(args.folder, p["target"]),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(sample)} of {len(problems)} problems sampled into {args.out}")


if __name__ == "__main__":
    main()
