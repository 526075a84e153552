"""Families of pages whose titles follow one pattern with a slot: "Django 1.8.16 release
notes", "Apache Module mod_ssl", "SQLite Release 3.40.1 On 2022-12-28".

Two near-identical pages of such a family are reference pages generated from one template
for different entities (versions, modules, commands), not one question answered twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from siteaudit.analysis.term_discovery import is_ordinary_word

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


@dataclass(slots=True)
class TitleFamilies:
    """Titles (or H1s) of a site, tokenised once, with pattern counts computed on demand."""

    titles: dict[str, tuple[str, ...]]
    _counts: dict[tuple[int, int], Counter[tuple[tuple[str, ...], tuple[str, ...]]]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, titles: Iterable[tuple[str, str | None]]) -> TitleFamilies:
        """From (url, title) pairs; pages without a title are left out.

        Words most titles start or end with ("FAQ:", "| Django documentation") are the
        site's, not a pattern: they are removed first.
        """
        split = {url: tuple(t.casefold().split()) for url, t in titles if t and t.strip()}
        return cls(_without_site_affixes(split))

    def slot(self, a: str, b: str) -> Slot | None:
        """The slot in which the titles of ``a`` and ``b`` differ, if they follow one pattern."""
        ta, tb = self.titles.get(a), self.titles.get(b)
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
        key = (ta[:prefix], ta[len(ta) - suffix :])
        return Slot(here, there, self._family(prefix, suffix)[key])

    def _family(self, prefix: int, suffix: int) -> Counter[tuple[tuple[str, ...], tuple[str, ...]]]:
        # One pass over the titles per (prefix, suffix) length: few distinct lengths occur.
        counts = self._counts.get((prefix, suffix))
        if counts is None:
            counts = Counter(
                (t[:prefix], t[len(t) - suffix :])
                for t in self.titles.values()
                if 0 < len(t) - prefix - suffix <= _MAX_SLOT_WORDS
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


def _without_site_affixes(titles: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    for from_end in (False, True):
        while titles:
            edge = Counter(t[-1] if from_end else t[0] for t in titles.values() if len(t) > 1)
            if not edge:
                break
            word, n = edge.most_common(1)[0]
            if n <= _SITE_AFFIX_SHARE * len(titles):
                break
            titles = {
                url: (t[:-1] if from_end else t[1:])
                if len(t) > 1 and t[-1 if from_end else 0] == word
                else t
                for url, t in titles.items()
            }
    return titles
