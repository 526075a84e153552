"""Does a page's title name the same subject as its H1?"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from siteaudit.analysis.text import content_tokens, stem, title_segments, tokens

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_SIMILAR = 0.8  # normalised Levenshtein similarity for two words to count as one spelling


@dataclass(frozen=True, slots=True)
class SubjectMismatch:
    """Words only the title has, words only the H1 has."""

    title_words: tuple[str, ...]
    h1_words: tuple[str, ...]
    unrelated: bool  # no meaningful word in common at all


def _same_word(a: str, b: str) -> bool:
    if a == b or stem(a) == stem(b):
        return True
    return min(len(a), len(b)) >= 5 and Levenshtein.normalized_similarity(a, b) >= _SIMILAR


def _unmatched(words: list[str], others: list[str]) -> list[str]:
    return [w for w in words if not any(_same_word(w, o) for o in others)]


def _best_segment(title: str, h1_words: list[str]) -> str:
    """The part of 'Page name | Site name' that is about the page."""
    segments = title_segments(title)
    if len(segments) < 2:
        return title
    return max(segments, key=lambda s: (len(set(content_tokens(s)) & set(h1_words)), len(s)))


def _original_words(text: str, folded: list[str]) -> tuple[str, ...]:
    """Map casefolded words back to how the page spells them."""
    spelled = {t.casefold(): t for t in _words_as_written(text)}
    return tuple(spelled.get(w, w) for w in folded)


def _words_as_written(text: str) -> list[str]:
    return _WORD.findall(text)


def subject_mismatch(title: str, h1: str) -> SubjectMismatch | None:
    """A mismatch when the H1 and title swap a subject word or share no word at all.

    One being a longer version of the other ("Ship to FBA" / "How to ship to FBA fast")
    is not a mismatch; neither is a paraphrase that shares most of its words.
    """
    h1_words = content_tokens(h1)
    segment = _best_segment(title, h1_words)
    title_words = content_tokens(segment)
    if not title_words or not h1_words:
        return None
    only_title = _unmatched(title_words, h1_words)
    only_h1 = _unmatched(h1_words, title_words)
    if not only_title or not only_h1:
        return None
    if _same_word("".join(only_title), "".join(only_h1)):
        return None  # "Ka Pai" vs "Kapai": a spelling variant, reported by the terms check
    shared = len(title_words) - len(only_title)
    if shared == 0:
        if len(tokens(segment)) < 2 and len(tokens(h1)) < 2:
            return None
        return SubjectMismatch(
            _original_words(segment, only_title), _original_words(h1, only_h1), True
        )
    smaller = min(len(title_words), len(h1_words))
    if len(only_title) <= 3 and len(only_h1) <= 3 and shared / smaller >= 0.5:
        return SubjectMismatch(
            _original_words(segment, only_title), _original_words(h1, only_h1), False
        )
    return None
