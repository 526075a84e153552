"""The term-variant page's summary: one row per term, its preferred spelling and variants.

The findings are per page and element; an editor first wants the terms: which spelling
wins, which variants occur, how often and on how many pages (as ``siteaudit terms`` shows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from siteaudit.core.records import Finding


@dataclass(frozen=True, slots=True)
class TermVariant:
    """One variant spelling of a term and how widespread it is."""

    spelling: str
    occurrences: int
    pages: int


@dataclass(frozen=True, slots=True)
class TermRow:
    """One term: its preferred spelling and every variant found."""

    term: str  # the preferred spelling, folded: what the variants are variants of
    preferred: str
    variants: list[TermVariant]
    occurrences: int
    pages: int
    unsettled: bool  # no spelling dominates: the site uses both about as often


def term_summary(findings: Iterable[Finding]) -> list[TermRow]:
    """Terms with variants, the most occurrences first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pages: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    spelling: dict[str, str] = {}
    unsettled: dict[str, bool] = defaultdict(bool)
    for f in findings:
        if f.check != "term-variant":
            continue
        preferred, variant = f.evidence.get("preferred"), f.evidence.get("variant")
        if not isinstance(preferred, str) or not isinstance(variant, str):
            continue
        count = f.evidence.get("count")
        key = preferred.casefold()
        spelling.setdefault(key, preferred)
        counts[key][variant] += count if isinstance(count, int) else 1
        pages[key][variant].add(f.url)
        unsettled[key] |= bool(f.evidence.get("unsettled"))
    rows = []
    for key, by_variant in counts.items():
        variants = sorted(
            (TermVariant(v, n, len(pages[key][v])) for v, n in by_variant.items()),
            key=lambda t: (-t.occurrences, t.spelling),
        )
        all_pages = set().union(*pages[key].values())
        rows.append(
            TermRow(
                key,
                spelling[key],
                variants,
                sum(by_variant.values()),
                len(all_pages),
                unsettled[key],
            )
        )
    rows.sort(key=lambda r: (-r.occurrences, r.term))
    return rows
