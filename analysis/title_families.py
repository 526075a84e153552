"""Families of pages whose titles follow one pattern with a slot: "Django 1.8.16 release
notes", "Apache Module mod_ssl", "SQLite Release 3.40.1 On 2022-12-28".

Two near-identical pages of such a family are reference pages generated from one template
for different entities (versions, modules, commands), not one question answered twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from siteaudit.analysis.term_discovery import is_ordinary_word

from siteaudit.core.records import Page

# The slot is at most this many words on each side ("3.10.2 On 2016-01-20").
_MAX_SLOT_WORDS = 3
# A pattern shared by this many titles is a template, not two pages copied from each other.
MIN_FAMILY = 3


@dataclass(frozen=True, slots=True)
class Slot:
    """Where two titles differ: the words of each in the pattern's slot."""

    here: tuple[str, ...]
    there: tuple[str, ...]
    family: int  # titles that share the pattern


class TitleFamilies:
    """Titles (or H1s) of a site, read from the pages when asked, with pattern counts
    computed on demand. Only the site's affixes are kept: a tuple of words a page, for the
    few pairs asked about, was the analysis's high at 1,000,000 pages (2,640 MB, ~300 MB
    over the stage before).
    """

    def __init__(self, pages: Mapping[str, Page], title_of: Callable[[Page], str | None]) -> None:
        self._pages = pages
        self._title_of = title_of
        self._strips: list[tuple[bool, str]] = []  # (from the end, word), in order
        self._counts: dict[tuple[int, int], np.ndarray] = {}
        _find_site_affixes(self._all, self._strips)

    @classmethod
    def of(cls, pages: Mapping[str, Page], title_of: Callable[[Page], str | None]) -> TitleFamilies:
        """The titles ``title_of`` reads from ``pages``; pages without one are left out.

        Words most titles start or end with ("FAQ:", "| Django documentation") are the
        site's, not a pattern: they are removed first.
        """
        return cls(pages, title_of)

    def _words(self, title: str | None) -> tuple[str, ...] | None:
        if not title or not title.strip():
            return None
        words = tuple(title.casefold().split())
        for from_end, word in self._strips:
            if len(words) > 1 and words[-1 if from_end else 0] == word:
                words = words[:-1] if from_end else words[1:]
        return words

    def _all(self) -> Iterator[tuple[str, ...]]:
        for page in self._pages.values():
            words = self._words(self._title_of(page))
            if words is not None:
                yield words

    def words(self, url: str) -> tuple[str, ...] | None:
        """The page's title as compared: casefolded words, the site's affixes removed."""
        page = self._pages.get(url)
        return None if page is None else self._words(self._title_of(page))

    def slot(self, a: str, b: str) -> Slot | None:
        """The slot in which the titles of ``a`` and ``b`` differ, if they follow one pattern."""
        ta, tb = self.words(a), self.words(b)
        if not ta or not tb or ta == tb:
            return None  # the same title: the same question, not a family
        prefix = 0
        while prefix < min(len(ta), len(tb)) and ta[prefix] == tb[prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(len(ta), len(tb)) - prefix and ta[-1 - suffix] == tb[-1 - suffix]:
            suffix += 1
        here, there = ta[prefix : len(ta) - suffix], tb[prefix : len(tb) - suffix]
        if not (prefix or suffix) or not here or not there:
            return None
        if len(here) > _MAX_SLOT_WORDS or len(there) > _MAX_SLOT_WORDS:
            return None
        if max(len(here), len(there)) > 1 and not (_names(here) and _names(there)):
            return None  # "reset my password" / "change my email": two questions, not entities
        key = hash((ta[:prefix], ta[len(ta) - suffix :]))
        counts = self._family(prefix, suffix)
        found = int(np.searchsorted(counts, key, "right") - np.searchsorted(counts, key, "left"))
        return Slot(here, there, found)

    def _family(self, prefix: int, suffix: int) -> np.ndarray:
        # One pass over the titles per (prefix, suffix) length: few distinct lengths occur.
        # The patterns' hashes, sorted: a pattern's count is its run (8 bytes a title).
        counts = self._counts.get((prefix, suffix))
        if counts is None:
            counts = np.sort(
                np.fromiter(
                    (
                        hash((t[:prefix], t[len(t) - suffix :]))
                        for t in self._all()
                        if 0 < len(t) - prefix - suffix <= _MAX_SLOT_WORDS
                    ),
                    np.int64,
                )
            )
            self._counts[prefix, suffix] = counts
        return counts


def _names(words: tuple[str, ...]) -> bool:
    """True when a slot of words holds a name: a version or date ("3.10.1 on 2016-01-14"), an
    identifier (mod_ssl, django.contrib) or a word no dictionary lists. Several everyday
    words in the slot phrase a question or topic, which template pages do not vary."""
    for word in words:
        bare = word.strip("?!.,:;()\"'")
        if any(c.isdigit() for c in bare) or not bare.isalpha() or not is_ordinary_word(bare):
            return True
    return False


# Words at the start or end of more than this share of the titles belong to the site.
_SITE_AFFIX_SHARE = 0.5


def _find_site_affixes(
    titles: Callable[[], Iterator[tuple[str, ...]]], found: list[tuple[bool, str]]
) -> None:
    """Add to ``found`` the words to remove, in order: while more than half the titles start
    (then end) with one word, it is the site's. ``titles`` reads them with the removals in
    ``found`` so far."""
    total = sum(1 for _ in titles())
    for from_end in (False, True):
        while total:
            edge = Counter(t[-1] if from_end else t[0] for t in titles() if len(t) > 1)
            if not edge:
                break
            word, n = edge.most_common(1)[0]
            if n <= _SITE_AFFIX_SHARE * total:
                break
            found.append((from_end, word))
