"""Copied content: exact and near-duplicate pages; duplicate titles, H1s and meta descriptions.

Pages are compared on their own content (template blocks removed). The shared text pass
(siteaudit.analysis.text_scan) keeps only a digest and a MinHash signature per page:
identical texts group by digest, similar ones meet in LSH bands (siteaudit.analysis.shingles),
and each candidate pair is then verified with an exact word-level similarity before it is
reported, with the sentences that differ. Titles, H1s and meta descriptions are compared
after normalisation and
after mapping term variants to their preferred spelling, so "HaiKa Hai-Pai and Ka-Pai" and
"HaiKa, Hai Pai, and Ka Pai" meet.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from rapidfuzz.distance import Indel
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.groups import MAX_LISTED, group_evidence, pages_sharing_a_key
from siteaudit.analysis.link_graph import LinkGraph
from siteaudit.analysis.template_blocks import iter_page_content, words
from siteaudit.analysis.title_families import MIN_FAMILY, Slot, TitleFamilies

from siteaudit.core.checks import CHECKS, CheckSpec, make_finding
from siteaudit.core.records import Finding, Page

_SHINGLE = 3
# Before the word alignment (quadratic in words, ~5 ms for two long articles) a pair must
# share this fraction of sampled 3-word shingles IN THE SAME ORDER. Pages written from one
# stock of sentences share many shingles in scrambled order (alignment similarity < 0.35);
# copies keep the order, so a pair >= 0.7 similar scores well above this.
_MIN_ORDERED_OVERLAP = 0.5
_ORDER_SAMPLE = 50
_MAX_SENTENCES = 10
_VERIFY_PAGES = 1000  # texts held at once while verifying candidate pairs
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """Two pages whose own content is mostly the same."""

    a: str
    b: str
    similarity: float
    only_a: tuple[str, ...]  # sentences of a that b does not have
    only_b: tuple[str, ...]


def verify_pairs(
    candidates: Iterable[tuple[str, str]], texts: dict[str, str], threshold: float
) -> list[SimilarPair]:
    """Candidate pairs whose word-level similarity reaches ``threshold``, with the differences."""
    tokens = _encode_words(texts)

    pairs: list[SimilarPair] = []
    for a, b in sorted(candidates):
        if a not in tokens or b not in tokens:
            continue
        ordered = (
            _ordered_overlap(tokens[a], tokens[b]) + _ordered_overlap(tokens[b], tokens[a])
        ) / 2
        if ordered < _MIN_ORDERED_OVERLAP:
            continue
        similarity = Indel.normalized_similarity(tokens[a], tokens[b])
        if similarity < threshold:
            continue
        only_a, only_b = differing_sentences(texts[a], texts[b])
        pairs.append(SimilarPair(a, b, round(similarity, 3), only_a, only_b))
    return pairs


def _ordered_overlap(text: str, other: str) -> float:
    """Share of ``text``'s sampled shingles found in ``other`` in increasing order.

    Texts are word-encoded strings (one character per word), so a 3-word shingle is a
    3-character substring and ``str.find`` locates it in C without any per-page index. A
    shingle found more than once in ``other`` (stock phrasing) has no position to order by
    and is left out; when nothing but such shingles is shared, the alignment decides.
    """
    count = len(text) - _SHINGLE + 1
    if count <= 0:
        return 0.0
    step = max(1, count // _ORDER_SAMPLE)
    sampled = 0
    tails: list[int] = []  # longest increasing subsequence of the matched positions
    for i in range(0, count, step):
        shingle = text[i : i + _SHINGLE]
        position = other.find(shingle)
        if position >= 0 and other.find(shingle, position + 1) >= 0:
            continue
        sampled += 1
        if position < 0:
            continue
        k = bisect_left(tails, position)
        if k == len(tails):
            tails.append(position)
        else:
            tails[k] = position
    return len(tails) / sampled if sampled else 1.0


def _encode_words(texts: dict[str, str]) -> dict[str, str]:
    """Each text as a string with one character per word (same word, same character).

    rapidfuzz compares strings bit-parallel in C; on lists of Python strings it must hash
    every element on every call, which made verifying 50,000 candidate pairs of long
    articles take minutes instead of seconds. The word-level similarity is unchanged.
    """
    codes: dict[str, str] = {}
    encoded: dict[str, str] = {}
    for url, text in texts.items():
        chars = []
        for word in words(text):
            folded = word.casefold()
            char = codes.get(folded)
            if char is None:
                n = len(codes)
                # Skip the surrogate block, which is not valid in a str.
                char = chr(n + 0x800 if n < 0xD800 - 0x800 else n + 0x1000)
                codes[folded] = char
            chars.append(char)
        encoded[url] = "".join(chars)
    return encoded


def differing_sentences(a: str, b: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sentences of ``a`` missing from ``b`` and of ``b`` missing from ``a``."""
    sa, sb = _sentences(a), _sentences(b)
    keys_a = {_key(s) for s in sa}
    keys_b = {_key(s) for s in sb}
    only_a = tuple(s for s in sa if _key(s) not in keys_b)[:_MAX_SENTENCES]
    only_b = tuple(s for s in sb if _key(s) not in keys_a)[:_MAX_SENTENCES]
    return only_a, only_b


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def check_duplicates(context: AnalysisContext) -> Iterator[Finding]:
    """duplicate-page, near-duplicate-page, title-near-duplicate, h1- and meta-duplicates."""
    index = context.text.duplicates
    for group in index.exact_groups:
        yield from _exact_findings(group)
    exact_members = {url for group in index.exact_groups for url in group[1:]}
    data = context.data
    pages = data.pages
    by_title = TitleFamilies.of(pages, lambda p: p.title)
    by_h1 = TitleFamilies.of(pages, lambda p: p.h1[0] if p.h1 else None)
    graph = context.graph.site.graph
    for pair in similar_pairs(context, index.candidates):
        if pair.a in exact_members or pair.b in exact_members:
            continue
        # Reported once, on the page found later (deeper, then by URL): the likelier copy.
        # Depth by BFS over the link graph, so identical crawls pick the same page whatever
        # order their pages were fetched in.
        a, b = pages.get(pair.a), pages.get(pair.b)
        if a is not None and b is not None and _found_later(graph, pair.a, pair.b):
            pair = SimilarPair(pair.b, pair.a, pair.similarity, pair.only_b, pair.only_a)
        yield _near_finding(pair, _template_slot(pair, by_title, by_h1))
    normalise = context.terms.matcher.normalise
    yield from check_duplicate_headings(data.html_pages(), normalise)


def _found_later(graph: LinkGraph, a: str, b: str) -> bool:
    """Whether ``a`` is deeper than ``b`` (unreachable pages deepest), or as deep and later
    by URL."""
    depth_a, depth_b = graph.click_depth(a), graph.click_depth(b)
    unreachable = 1 << 30
    key_a = (unreachable if depth_a is None else depth_a, a)
    key_b = (unreachable if depth_b is None else depth_b, b)
    return key_a > key_b


def similar_pairs(
    context: AnalysisContext, candidates: list[tuple[str, str]]
) -> Iterator[SimilarPair]:
    """Verified candidate pairs, in order; texts are read for a bounded batch at a time."""
    batch: list[tuple[str, str]] = []
    wanted: set[str] = set()
    for pair in sorted(candidates):
        if len(wanted | set(pair)) > _VERIFY_PAGES and batch:
            yield from _verify_batch(context, batch, wanted)
            batch, wanted = [], set()
        batch.append(pair)
        wanted.update(pair)
    if batch:
        yield from _verify_batch(context, batch, wanted)


def _verify_batch(
    context: AnalysisContext, batch: list[tuple[str, str]], wanted: set[str]
) -> list[SimilarPair]:
    options = context.options
    pages = iter_page_content(context.data, context.template, options, wanted)
    texts = {p.url: p.main_text for p in pages}
    return verify_pairs(batch, texts, options.near_duplicate_threshold)


def _exact_findings(group: list[str]) -> Iterator[Finding]:
    urls = sorted(group)
    for url in group:
        evidence = group_evidence(urls, url)
        yield make_finding(
            "duplicate-page",
            url,
            f"The page's text is identical to {len(urls) - 1} other page(s): "
            f"{evidence['target']}" + (" ..." if len(urls) > 2 else ""),
            element="body",
            evidence={**evidence, "similarity": 1.0},
        )


def _template_slot(pair: SimilarPair, *families: TitleFamilies) -> Slot | None:
    """The title slot of a pair of pages generated from one template for different entities."""
    for family in families:
        slot = family.slot(pair.b, pair.a)  # "here" is the page reported, pair.b
        if slot is not None and slot.family >= MIN_FAMILY:
            return slot
    return None


def _near_finding(pair: SimilarPair, slot: Slot | None) -> Finding:
    """One finding per pair, on ``pair.b`` (the copy), naming ``pair.a``."""
    percent = round(pair.similarity * 100)
    url, other, mine, theirs = pair.b, pair.a, pair.only_b, pair.only_a
    snippet = f"here: {mine[0]} | there: {theirs[0]}" if mine and theirs else None
    evidence: dict[str, object] = {
        "target": other,
        "similarity": pair.similarity,
        "only_here": list(mine),
        "only_there": list(theirs),
    }
    if slot is not None:
        here, there = " ".join(slot.here), " ".join(slot.there)
        evidence |= {"entity_here": here, "entity_there": there, "family": slot.family}
        return make_finding(
            "near-duplicate-template",
            url,
            f"{percent}% of the text is the same as {other}, a page from the same template "
            f'about "{there}" (this one: "{here}"; {slot.family} pages follow the pattern)',
            element="body",
            snippet=snippet,
            evidence=evidence,
        )
    return make_finding(
        "near-duplicate-page",
        url,
        f"{percent}% of the text is the same as {other}; "
        f"{len(mine)} sentence(s) differ here, {len(theirs)} there",
        element="body",
        snippet=snippet,
        evidence=evidence,
    )


def normalised_key(text: str, normalise: Callable[[str], str]) -> str:
    """Comparison key: term variants mapped, case, accents and punctuation removed."""
    return _key(normalise(text))


def check_duplicate_headings(
    pages: list[Page], normalise: Callable[[str], str]
) -> Iterator[Finding]:
    """Titles equal only after normalisation; duplicate H1s and meta descriptions."""
    kept = [p for p in pages if not (p.noindex or (p.canonical and p.canonical != p.url))]

    def key_of(text: str | None) -> str:
        return normalised_key(text, normalise) if text else ""

    for group in pages_sharing_a_key(kept, lambda p: key_of(p.title)):
        yield from _near_titles(group)
    for group in pages_sharing_a_key(kept, lambda p: key_of(p.h1[0] if p.h1 else None)):
        yield from _same_text(group, CHECKS["h1-duplicate"], "h1", lambda p: p.h1[0])
    for group in pages_sharing_a_key(kept, lambda p: key_of(p.meta_description)):
        yield from _same_text(
            group,
            CHECKS["meta-description-duplicate"],
            "meta description",
            lambda p: p.meta_description,
        )


def _near_titles(group: list[Page]) -> Iterator[Finding]:
    # Identical titles are title-duplicate (onpage); here only those that differ as written.
    folds = {p.url: (p.title or "").casefold() for p in group}
    per_fold = Counter(folds.values())
    if len(per_fold) < 2:
        return
    urls = sorted(folds)
    titles = sorted({p.title or "" for p in group})
    # One bounded scan per distinct spelling, not one per page: linear in the group.
    listed: dict[str, tuple[list[str], list[str]]] = {}
    for page in group:
        fold = folds[page.url]
        if fold not in listed:
            listed[fold] = (
                list(islice((u for u in urls if folds[u] != fold), MAX_LISTED)),
                list(islice((t for t in titles if t.casefold() != fold), MAX_LISTED)),
            )
        others, other_titles = listed[fold]
        count = len(group) - per_fold[fold]
        yield make_finding(
            "title-near-duplicate",
            page.url,
            f'The title "{page.title}" is the same as "{other_titles[0]}" once spelling and '
            f"punctuation are normalised ({count} page(s))",
            element="title",
            snippet=page.title,
            evidence={
                "others": others,
                "others_count": count,
                "target": others[0],
                "titles": other_titles,
            },
        )


def _same_text(
    group: list[Page], spec: CheckSpec, element: str, text_of: Callable[[Page], str | None]
) -> Iterator[Finding]:
    if len(group) < 2:
        return
    urls = sorted(p.url for p in group)
    for page in group:
        text = text_of(page) or ""
        yield spec.finding(
            page.url,
            f'{len(urls) - 1} other page(s) have the same {element}: "{text[:80]}"',
            element=element,
            snippet=text,
            evidence=group_evidence(urls, page.url),
        )
