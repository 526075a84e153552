"""Content-consistency benchmark: quality on a labelled site, speed and memory at 100k pages.

    .venv/bin/python bench/content_bench.py quality [--pages 3000]
    .venv/bin/python bench/content_bench.py speed [--pages 100000]
    .venv/bin/python bench/content_bench.py planted STORE [--copies 400] [--seed 1]

`quality` scores term-variant occurrences and near-duplicate pairs against the generator's
labels (precision, recall) and counts pairs between unrelated pages (template-caused).
`speed` writes the store once (bench/sites/content-N/), then analyses it in a child process
and reports wall time per family and peak RSS.
`planted` copies a stored crawl (e.g. bench/out/siteaudit-5000/siteaudit.db, pages written
from one stock of sentences) into bench/sites/planted-N/ with edited copies of its articles
(sentences rewritten, or every k-th word replaced) and reports, per kind of edit, how many
copies at or above the near-duplicate threshold (exact word alignment) are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from siteaudit.analysis.content_checks import check_content  # noqa: E402
from siteaudit.analysis.context import AnalysisContext  # noqa: E402
from siteaudit.analysis.data import AuditData  # noqa: E402
from siteaudit.analysis.duplicates import check_duplicates  # noqa: E402
from siteaudit.analysis.terms import check_terms  # noqa: E402

from bench.content_site import build  # noqa: E402
from siteaudit.core.records import Page, TextBlock  # noqa: E402
from siteaudit.store import Store  # noqa: E402


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def quality(pages: int, seed: int) -> dict[str, object]:
    """Precision and recall against the labels of a freshly generated site."""
    folder = REPO / "bench" / "sites" / f"content-quality-{pages}-s{seed}"
    labels = build(folder, pages, seed)
    with Store.in_folder(folder) as store:
        context = AnalysisContext(AuditData.load(store))
        terms = list(check_terms(context))
        dups = list(check_duplicates(context))
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
        context = AnalysisContext(AuditData.load(store))
        timings["load"] = round(time.perf_counter() - started, 2)
        for name, family in (
            ("terms", check_terms),
            ("duplicates", check_duplicates),
            ("content", check_content),
        ):
            started = time.perf_counter()
            counts[name] = sum(1 for _ in family(context))
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


_EDITS = [("sentences", 0.05), ("sentences", 0.1), ("sentences", 0.2), ("sentences", 0.3)]
_EDITS += [("words", 8), ("words", 10), ("words", 15), ("words", 25)]


def planted(source: Path, copies: int, seed: int) -> dict[str, object]:
    """Recall of near-duplicate detection on edited copies planted into a stored crawl."""
    from rapidfuzz.distance import Indel
    from siteaudit.analysis.duplicates import _encode_words, _sentences
    from siteaudit.analysis.template_blocks import iter_page_content

    rng = random.Random(seed)
    folder = REPO / "bench" / "sites" / f"planted-{source.parent.name}-s{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "siteaudit.db").unlink(missing_ok=True)
    with Store(source, create=False) as src, Store.in_folder(folder) as store:
        run = src.crawl()
        crawl = store.begin_crawl(run.start_urls, {"planted_from": str(source)})
        articles = sorted(u for u, p in AuditData.load(src).pages.items() if p.word_count > 100)
        chosen = {url: c for c, url in enumerate(rng.sample(articles, copies))}
        plan: dict[tuple[str, str], tuple[str, float]] = {}
        bank: list[str] = []
        vocab: set[str] = set()
        batch: list[Page] = []
        total = 0
        for page in src.pages(run.id):
            batch.append(page)
            if len(bank) < 5000:  # sentences and words to edit copies with, from the site
                paragraphs = [b.text for b in page.blocks if b.tag == "p"]
                bank += [s for text in paragraphs for s in _sentences(text)]
                vocab.update(w for text in paragraphs for w in text.split())
            if page.url in chosen:
                c = chosen[page.url]
                kind, level = _EDITS[c % len(_EDITS)]
                copy = _copy_page(page, f"-copy{c}", kind, level, rng, bank, sorted(vocab))
                batch.append(copy)
                plan[page.url, copy.url] = (kind, level)
            if len(batch) >= 500:
                store.add_pages(crawl, batch)
                total += len(batch)
                batch = []
        store.add_pages(crawl, batch)
        total += len(batch)
        store.finish_crawl(crawl, "finished", {})
        context = AnalysisContext(AuditData.load(store, crawl))
        started = time.perf_counter()
        found = {  # an edit that changed nothing leaves an exact copy: found as well
            frozenset({f.url, str(f.evidence["target"])})
            for f in check_duplicates(context)
            if f.check in {"near-duplicate-page", "duplicate-page"}
        }
        seconds = round(time.perf_counter() - started, 1)
        wanted = {u for pair in plan for u in pair}
        pages = iter_page_content(context.data, context.template, urls=wanted)
        texts = {p.url: p.main_text for p in pages}
    encoded = _encode_words(texts)
    rows: dict[str, list[int]] = {}
    for (a, b), (kind, level) in plan.items():
        similar = Indel.normalized_similarity(encoded[a], encoded[b]) >= 0.7
        row = rows.setdefault(f"{kind} {level}", [0, 0])
        row[0] += similar
        row[1] += similar and frozenset({a, b}) in found
    planted_pairs = {frozenset(pair) for pair in plan}
    return {
        "pages": total,
        "seconds": seconds,
        "recall_by_edit": {k: f"{got}/{total}" for k, (total, got) in rows.items()},
        "other_pairs_reported": len(found - planted_pairs),
    }


def _copy_page(
    page: Page,
    suffix: str,
    kind: str,
    level: float,
    rng: random.Random,
    bank: list[str],
    vocab: list[str],
) -> Page:
    """``page`` under a new URL with its paragraphs edited."""
    from siteaudit.analysis.duplicates import _sentences

    blocks = []
    for b in page.blocks:
        text = b.text
        if b.region == "main" and b.tag == "p":
            if kind == "sentences":
                parts = _sentences(text)
                for k in range(len(parts)):
                    if rng.random() < level:
                        parts[k] = rng.choice(bank)
                text = " ".join(parts)
            else:
                words = text.split()
                for k in range(rng.randrange(int(level)), len(words), int(level)):
                    words[k] = rng.choice(vocab)
                text = " ".join(words)
        blocks.append(TextBlock(b.region, b.tag, text))
    url = page.url.replace(".html", f"{suffix}.html") if ".html" in page.url else page.url + suffix
    return replace(page, url=url, canonical=url, blocks=blocks, links=[])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["quality", "speed", "analyse", "planted"])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--pages", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copies", type=int, default=400)
    args = parser.parse_args()
    if args.mode == "quality":
        result = quality(args.pages or 3000, args.seed)
    elif args.mode == "planted":
        result = planted(Path(args.folder), args.copies, args.seed)
    elif args.mode == "speed":
        result = speed(args.pages or 100_000)
    else:
        result = analyse(Path(args.folder))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
