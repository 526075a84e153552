"""Content-consistency benchmark: quality on a labelled site, speed and memory at 100k pages.

    .venv/bin/python bench/content_bench.py quality [--pages 3000]
    .venv/bin/python bench/content_bench.py speed [--pages 100000]

`quality` scores term-variant occurrences and near-duplicate pairs against the generator's
labels (precision, recall) and counts pairs between unrelated pages (template-caused).
`speed` writes the store once (bench/sites/content-N/), then analyses it in a child process
and reports wall time per family and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from analysis.content_checks import check_content  # noqa: E402
from analysis.data import AuditData  # noqa: E402
from analysis.duplicates import check_duplicates  # noqa: E402
from analysis.terms import check_terms  # noqa: E402
from bench.content_site import build  # noqa: E402
from siteaudit.store import Store  # noqa: E402


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def quality(pages: int, seed: int) -> dict[str, object]:
    """Precision and recall against the labels of a freshly generated site."""
    folder = REPO / "bench" / "sites" / f"content-quality-{pages}-s{seed}"
    labels = build(folder, pages, seed)
    with Store.in_folder(folder) as store:
        data = AuditData.load(store)
        terms = list(check_terms(data))
        dups = list(check_duplicates(data))
    found: Counter[tuple[str, str, str]] = Counter()
    for f in terms:
        found[f.url, str(f.element), str(f.evidence["variant"])] += int(f.evidence["count"])  # type: ignore[call-overload]
    tp = sum(min(n, labels.variants.get(k, 0)) for k, n in found.items())
    fp = sum(max(0, n - labels.variants.get(k, 0)) for k, n in found.items())
    fn = sum(max(0, n - found.get(k, 0)) for k, n in labels.variants.items())
    near = {
        frozenset({f.url, str(f.evidence["target"])})
        for f in dups
        if f.check == "near-duplicate-page"
    }
    exact = {
        frozenset({f.url, str(f.evidence["target"])}) for f in dups if f.check == "duplicate-page"
    }
    labelled = labels.near_pairs
    return {
        "pages": pages,
        "variant_occurrences": sum(labels.variants.values()),
        "variant_precision": _ratio(tp, tp + fp),
        "variant_recall": _ratio(tp, tp + fn),
        "near_pairs_labelled": len(labelled),
        "near_precision": _ratio(len(near & labelled), len(near)),
        "near_recall": _ratio(len(near & labelled), len(labelled)),
        "negative_pairs_reported": len(near & labels.negative_pairs),
        "unrelated_pairs_reported": len(near - labelled - labels.negative_pairs),
        "exact_recall": _ratio(len(exact & labels.exact_pairs), len(labels.exact_pairs)),
        "exact_false": len(exact - labels.exact_pairs),
    }


def analyse(folder: Path) -> dict[str, object]:
    """Run the content families on a stored crawl; seconds per family and peak RSS."""
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    with Store.in_folder(folder) as store:
        started = time.perf_counter()
        data = AuditData.load(store)
        timings["load"] = round(time.perf_counter() - started, 2)
        for name, family in (
            ("terms", check_terms),
            ("duplicates", check_duplicates),
            ("content", check_content),
        ):
            started = time.perf_counter()
            counts[name] = sum(1 for _ in family(data))
            timings[name] = round(time.perf_counter() - started, 2)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": timings,
        "total_s": round(sum(timings.values()), 2),
        "findings": counts,
        "peak_rss_mb": round(rss_mb),
    }


def speed(pages: int) -> dict[str, object]:
    """Generate once, then analyse in a fresh process so its memory is measured alone."""
    folder = REPO / "bench" / "sites" / f"content-{pages}"
    if not (folder / "siteaudit.db").exists():
        started = time.perf_counter()
        build(folder, pages)
        print(f"generated {pages} pages in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    out = subprocess.run(
        [sys.executable, __file__, "analyse", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {"pages": pages, **json.loads(out.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["quality", "speed", "analyse"])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--pages", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.mode == "quality":
        result = quality(args.pages or 3000, args.seed)
    elif args.mode == "speed":
        result = speed(args.pages or 100_000)
    else:
        result = analyse(Path(args.folder))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
