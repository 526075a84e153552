"""Discover clusters of spellings of one term across a site, without a glossary.

Spellings are grouped in two steps:

1. *Folding*: case, spaces, hyphens and accents removed, so Ka Pai = Ka-Pai = Kapai = KAPAI.
2. *Respellings*: a rare folded form within one or two edits of a much more frequent one
   (KerPai, Kaipai -> Kapai) joins its cluster.

Guards against false merges: ordinary dictionary words (wordfreq) never take part (Cape,
Haiku, UPS); respellings need the same first letter, a close edit distance, a frequency at
most a third of the head's and must differ in more than an ending (pallets, palletise); and two
forms the site lists side by side ("HaiKa, Hai Pai, and Ka Pai") are distinct terms.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

# Words at or above this Zipf frequency (about once per 10^6 words) are ordinary vocabulary.
ORDINARY_ZIPF = 3.0
# Both halves of a two-word form this common ("Which Service") make it a phrase, not a name.
_COMMON_PART_ZIPF = 4.5
_RESPELLING_RATIO = 3  # the head must be at least this many times more frequent
_MIN_FOLD_LEN = 3
_MIN_RESPELL_LEN = 5

TOKEN = re.compile(r"(?<![\w-])[^\W\d_]+(?:[-‐‑][^\W\d_]+)*(?![\w-])")
_NON_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")
# Two capitalised words in a row: the only texts where a two-word spelling can start.
_CAPITALISED_PAIR = re.compile(r"(?<![\w-])[^\W\d_a-z][^\W\d_]* [^\W\d_a-z][^\W\d_]*(?![\w-])")
_WORD_START = re.compile(r"(?<![^\W\d_])[^\W\d_]")
_SEPARATOR = re.compile(r"\s*(?:,|;|/|&|\+|and|or|vs\.?|versus|,\s*and|,\s*or)?\s*", re.I)


def fold(form: str) -> str:
    """Case, space, hyphen and accent-insensitive key of a spelling."""
    if form.isascii():
        return _NON_ALNUM_ASCII.sub("", form.lower())
    decomposed = unicodedata.normalize("NFKD", form.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@lru_cache(maxsize=200_000)
def is_ordinary_word(folded: str) -> bool:
    """True for everyday vocabulary that must never be merged as a term variant."""
    return zipf_frequency(folded, "en") >= ORDINARY_ZIPF


@lru_cache(maxsize=200_000)
def _common(word: str) -> bool:
    return zipf_frequency(word, "en") >= _COMMON_PART_ZIPF


@dataclass(slots=True)
class Span:
    """A candidate spelling found in a text."""

    start: int
    end: int
    form: str


@lru_cache(maxsize=500_000)
def is_candidate_word(word: str) -> bool:
    """A word long and rare enough to be a name or a term (not everyday vocabulary)."""
    folded = fold(word)
    return len(folded) >= _MIN_FOLD_LEN and not is_ordinary_word(folded)


@lru_cache(maxsize=500_000)
def is_candidate_pair(first: str, second: str) -> bool:
    """Two capitalised words that may be a two-word name ("Ka Pai"), not a Title Case phrase."""
    if "-" in first or "-" in second or not (first[0].isupper() and second[0].isupper()):
        return False
    if _common(first.casefold()) and _common(second.casefold()):
        return False  # "Which Service": a phrase in Title Case, not a name
    return not is_ordinary_word(fold(first + second))


def candidate_spans(text: str) -> list[Span]:
    """Single words (hyphenated ones too) and capitalised word pairs that may be terms."""
    # Most texts hold no candidate at all: decide that at C speed before walking the words.
    if not any(map(is_candidate_word, TOKEN.findall(text))) and not _CAPITALISED_PAIR.search(text):
        return []
    spans: list[Span] = []
    previous: re.Match[str] | None = None
    for m in TOKEN.finditer(text):
        word = m.group(0)
        if is_candidate_word(word):
            spans.append(Span(m.start(), m.end(), word))
        if previous is not None and text[previous.end() : m.start()] == " ":
            first = previous.group(0)
            if is_candidate_pair(first, word):
                spans.append(Span(previous.start(), m.end(), f"{first} {word}"))
        previous = m
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def located_spans(text: str, words: Iterable[str], pairs: Iterable[tuple[str, str]]) -> list[Span]:
    """``candidate_spans(text)`` when its candidate words and pairs are already known.

    Each known spelling is found with ``str.find`` and confirmed with the token pattern at
    that position, instead of walking every word of the text in Python.
    """
    if "\u2010" in text or "\u2011" in text:
        return candidate_spans(text)  # a word joined by U+2010/2011 may hide a position
    spans: list[Span] = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            m = TOKEN.match(text, start)
            if m is not None and m.end() == start + len(word):
                spans.append(Span(start, m.end(), word))
            start = text.find(word, start + 1)
    for first, second in pairs:
        pair = f"{first} {second}"
        start = text.find(pair)
        while start >= 0:
            m = TOKEN.match(text, start)
            if m is not None and m.end() == start + len(first):
                m = TOKEN.match(text, m.end() + 1)
                if m is not None and m.end() == start + len(pair):
                    spans.append(Span(start, m.end(), pair))
            start = text.find(pair, start + 1)
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


@dataclass(slots=True)
class TermCounts:
    """Site-wide counts of candidate spellings, built page by page in one pass."""

    ids: dict[str, int] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)
    counts: array[int] = field(default_factory=lambda: array("q"))
    headline: array[int] = field(default_factory=lambda: array("q"))  # uses in titles/H1s
    listed_apart: set[tuple[str, str]] = field(default_factory=set)  # folded pairs, sorted

    def merge(self, other: TermCounts) -> list[int]:
        """Add the counts of another range of pages; returns the id here of each of its forms."""
        remap: list[int] = []
        for form, count, headline in zip(other.forms, other.counts, other.headline, strict=True):
            form_id = self._id(form)
            self.counts[form_id] += count
            self.headline[form_id] += headline
            remap.append(form_id)
        self.listed_apart |= other.listed_apart
        return remap

    def _id(self, form: str) -> int:
        form_id = self.ids.get(form)
        if form_id is None:
            form_id = len(self.forms)
            self.ids[form] = form_id
            self.forms.append(form)
            self.counts.append(0)
            self.headline.append(0)
        return form_id

    def add_text(self, text: str, *, headline: bool = False) -> set[int]:
        """Count the candidate spellings of one text; returns their ids."""
        return self.add_spans(text, candidate_spans(text), headline=headline)

    def add_spans(self, text: str, spans: list[Span], *, headline: bool = False) -> set[int]:
        """Count the candidate spellings ``spans`` found in ``text``; returns their ids."""
        seen: set[int] = set()
        for span in spans:
            form_id = self._id(span.form)
            self.counts[form_id] += 1
            if headline:
                self.headline[form_id] += 1
            seen.add(form_id)
        self._note_lists(text, spans)
        return seen

    def _note_lists(self, text: str, spans: list[Span]) -> None:
        # Two spellings separated only by a comma, "and", "or", "/"... name different things.
        for a, b in pairwise(spans):
            if b.start < a.end:
                continue
            if _SEPARATOR.fullmatch(text[a.end : b.start]):
                fa, fb = fold(a.form), fold(b.form)
                if fa != fb:
                    self.listed_apart.add((min(fa, fb), max(fa, fb)))


@dataclass(frozen=True, slots=True)
class TermCluster:
    """Spellings of one term: the preferred form and every variant with its count."""

    preferred: str
    forms: dict[str, int]  # every spelling, preferred included -> occurrences
    respellings: frozenset[str]  # variants merged by edit distance, not by folding
    from_glossary: bool = False

    @property
    def variants(self) -> list[str]:
        """Spellings other than the preferred one, most frequent first."""
        return sorted(
            (f for f in self.forms if not same_spelling(f, self.preferred)),
            key=lambda f: (-self.forms[f], f),
        )


def same_spelling(form: str, preferred: str) -> bool:
    """Equal once each word is capitalised: Title Case and sentence starts are not variants.

    "Long-Term" = "long-term" and "Lading" = "lading", but "KAPAI" != "Kapai" and
    "Haika" != "HaiKa".
    """
    return form == preferred or _capitalised(form) == _capitalised(preferred)


def _capitalised(form: str) -> str:
    return _WORD_START.sub(lambda m: m.group(0).upper(), form)


def discover_clusters(
    counts: TermCounts, title_weight: float = 3.0, preferred_by_fold: dict[str, str] | None = None
) -> list[TermCluster]:
    """Clusters of two or more spellings, the preferred form chosen by weighted frequency.

    ``preferred_by_fold`` (folded spelling -> preferred form, from a glossary) overrides the
    frequency choice.
    """
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for form, form_id in counts.ids.items():
        groups[fold(form)][form] = form_id
    totals = {key: sum(counts.counts[i] for i in ids.values()) for key, ids in groups.items()}
    attached = _attach_respellings(groups, totals, counts.listed_apart)
    members: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        members[attached.get(key, key)].append(key)
    clusters: list[TermCluster] = []
    preferred_by_fold = preferred_by_fold or {}
    for head, keys in members.items():
        ids = {form: i for key in keys for form, i in groups[key].items()}
        forms = {form: counts.counts[i] for form, i in ids.items()}
        if len(forms) < 2 or sum(forms.values()) < 2:
            continue
        glossary_choice = next(
            (preferred_by_fold[k] for k in [head, *keys] if k in preferred_by_fold), None
        )
        preferred = glossary_choice or max(
            forms,
            key=lambda f: (
                forms[f] + title_weight * counts.headline[ids[f]],
                fold(f) == head,
                "-" not in f and " " not in f,
                f,
            ),
        )
        respellings = frozenset(f for f in forms if fold(f) != fold(preferred))
        cluster = TermCluster(preferred, forms, respellings, glossary_choice is not None)
        if cluster.variants:
            clusters.append(cluster)
    clusters.sort(key=lambda c: (-sum(c.forms.values()), c.preferred))
    return clusters


def _attach_respellings(
    groups: dict[str, dict[str, int]], totals: dict[str, int], listed_apart: set[tuple[str, str]]
) -> dict[str, str]:
    """Folded key -> the folded key of the much more frequent spelling it respells."""
    eligible = [
        key
        for key, forms in groups.items()
        if len(key) >= _MIN_RESPELL_LEN and any(" " not in f for f in forms)
    ]
    index: dict[str, list[str]] = defaultdict(list)
    for key in eligible:
        if totals[key] >= _RESPELLING_RATIO:
            for variant in _deletions(key):
                index[variant].append(key)
    attached: dict[str, str] = {}
    for key in sorted(eligible, key=lambda k: (totals[k], k)):
        best: tuple[int, str] | None = None
        for variant in _deletions(key):
            for head in index.get(variant, ()):
                if head == key or head in attached or not _respells(key, head, totals):
                    continue
                if (min(key, head), max(key, head)) in listed_apart:
                    continue
                rank = (-totals[head], head)
                if best is None or rank < (-totals[best[1]], best[1]):
                    best = (totals[head], head)
        if best is not None:
            attached[key] = best[1]
    return attached


def _respells(key: str, head: str, totals: dict[str, int]) -> bool:
    if totals[head] < _RESPELLING_RATIO * totals[key] or key[0] != head[0]:
        return False
    longer, shorter = (key, head) if len(key) > len(head) else (head, key)
    if _common_prefix(key, head) >= len(shorter) - 2:
        return False  # only the ending differs: an inflection (pallets, palletise)
    allowed = 1 if len(longer) <= 5 else 2
    return Levenshtein.distance(key, head, score_cutoff=allowed) <= allowed


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _deletions(key: str, depth: int = 2) -> set[str]:
    """The key with up to ``depth`` characters deleted (symmetric-delete candidate index)."""
    found = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found
