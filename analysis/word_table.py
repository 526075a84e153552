"""Facts about each distinct whitespace-separated token, worked out once per token.

A site of 100,000 articles holds some 350 million words but only a few million distinct
tokens ("Kapai", "Kapai,", "two-factor"...). Splitting a text on whitespace and looking each
token up in a dict run at C speed; the regular expressions (words for near-duplicates,
candidate spellings for term variants) then run once per distinct token instead of once per
occurrence. Token ids index numpy arrays, so a page's words and candidates come out of a few
vectorised gathers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any, TypeVar

import numpy as np
from siteaudit.analysis.template_blocks import words
from siteaudit.analysis.term_discovery import TOKEN, is_candidate_word
from siteaudit.analysis.text import chunk_words, term_key, term_stem

# Joins the texts of a page: split() turns it into a token of its own, with no words in it.
SEPARATOR = "\x00"
_JOIN = f" {SEPARATOR} "
# Distinct tokens kept before the table starts afresh (ids are only compared within a page).
_MAX_TOKENS = 400_000
_V = TypeVar("_V")


def word_hash(word: str) -> int:
    """A 64-bit hash of a casefolded word, the same in every run (unlike ``hash``)."""
    digest = hashlib.blake2b(word.casefold().encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class _Ids(dict[str, int]):
    """Token -> id; an unknown token gets the next id and waits in ``new`` to be analysed."""

    def __init__(self) -> None:
        super().__init__()
        self.new: list[str] = []

    def __missing__(self, token: str) -> int:
        token_id = self[token] = len(self)
        self.new.append(token)
        return token_id


class _Cache(dict[str, _V]):
    """A function of a word, worked out once per distinct word (tokens share words)."""

    def __init__(self, func: Callable[[str], _V]) -> None:
        super().__init__()
        self.func = func

    def __missing__(self, word: str) -> _V:
        value = self[word] = self.func(word)
        return value


def _term_key(word: str) -> int | None:
    term = term_stem(word)
    return None if term is None else term_key(term)


class _Flat:
    """Variable-length unsigned values per token id, in one array: (start, count) per id."""

    def __init__(self, dtype: type[np.unsignedinteger[Any]] = np.uint64) -> None:
        self.start = np.zeros(1024, np.int64)
        self.count = np.zeros(1024, np.int32)
        self.values = np.zeros(1024, dtype)
        self.size = 0

    def extend(self, first_id: int, lists: list[list[int]]) -> None:
        """Store the values of the tokens ``first_id``, ``first_id + 1``... in one go."""
        end_id = first_id + len(lists)
        if end_id > len(self.start):
            self.start = np.resize(self.start, 2 * end_id)
            self.count = np.resize(self.count, 2 * end_id)
        counts = np.fromiter(map(len, lists), np.int32, len(lists))
        total = int(counts.sum())
        if self.size + total > len(self.values):
            self.values = np.resize(self.values, 2 * (self.size + total))
        self.values[self.size : self.size + total] = np.fromiter(
            chain.from_iterable(lists), self.values.dtype, total
        )
        self.start[first_id:end_id] = self.size + np.cumsum(counts) - counts
        self.count[first_id:end_id] = counts
        self.size += total

    def of(self, ids: np.ndarray) -> np.ndarray:
        """The values of the tokens ``ids``, in order."""
        counts = self.count[ids]
        starts = self.start[ids]
        if counts.size and counts.min() == 1 and counts.max() == 1:
            values: np.ndarray = self.values[starts]
            return values
        total = int(counts.sum())
        ends = np.cumsum(counts)
        offsets = np.repeat(starts - (ends - counts), counts) + np.arange(total)
        return self.values[offsets]


class TokenTable:
    """Per token: its words' hashes, its candidate term spellings and its pair edges.

    ``pair_left``/``pair_right``: the token ends/starts with a capitalised word that may be
    the first/second half of a two-word spelling ("Acme Cloud" split as "Acme" "Cloud,").
    A real site holds tens of thousands of distinct tokens (code, names, numbers) against a
    few hundred in generated prose: the tokens new to a page are analysed together, with the
    hashes and stems cached per word, and stored with one array write per page.
    """

    def __init__(self, max_tokens: int = _MAX_TOKENS) -> None:
        self.max_tokens = max_tokens
        self.generation = -1  # counts the fresh starts: ids of an earlier one mean nothing
        self._reset()

    def _reset(self) -> None:
        self.generation += 1
        self.ids = _Ids()
        self.words = _Flat()
        self.terms = _Flat(np.uint32)  # similarity term keys (analysis.text.term_keys)
        self.has_candidate = np.zeros(1024, np.bool_)
        self.pair_left = np.zeros(1024, np.bool_)
        self.pair_right = np.zeros(1024, np.bool_)
        self.candidates: list[tuple[str, ...]] = []
        self.first_word: list[str] = []
        self.last_word: list[str] = []
        self._word_hashes = _Cache(word_hash)
        self._term_keys = _Cache(_term_key)
        self.add(SEPARATOR)  # id 0

    def token_ids(self, texts: Sequence[str]) -> np.ndarray:
        """Ids of the tokens of ``texts`` joined by separator tokens (id 0)."""
        if len(self.ids) > self.max_tokens:
            self._reset()  # bounded memory; frequent tokens come back at once
        tokens = _JOIN.join(texts).split()
        ids = np.fromiter(map(self.ids.__getitem__, tokens), np.int32, len(tokens))
        self._analyse_new()
        return ids

    def word_hashes(self, ids: np.ndarray) -> np.ndarray:
        """The casefolded words of the tokens ``ids``, in order, as 64-bit hashes."""
        return self.words.of(ids)

    def term_keys(self, ids: np.ndarray) -> np.ndarray:
        """The similarity terms of the tokens ``ids`` (no stopwords or numbers), in order."""
        return self.terms.of(ids)

    def add(self, token: str) -> int:
        """Analyse a new token and return its id."""
        token_id = self.ids[token]
        self._analyse_new()
        return token_id

    def _analyse_new(self) -> None:
        new = self.ids.new
        if not new:
            return
        first_id = len(self.candidates)
        hashes, keys = self._word_hashes, self._term_keys
        self.words.extend(first_id, [list(map(hashes.__getitem__, words(t))) for t in new])
        self.terms.extend(
            first_id,
            [[k for k in map(keys.__getitem__, chunk_words(t)) if k is not None] for t in new],
        )
        first, last, found = self._spellings(new)
        self.candidates += found
        self.first_word += first
        self.last_word += last
        end_id = first_id + len(new)
        if end_id > len(self.has_candidate):
            self._grow(2 * end_id)
        flags = [
            (bool(f), _pair_half(a), _pair_half(b))
            for f, a, b in zip(found, first, last, strict=True)
        ]
        found_at, right, left = np.array(flags, np.bool_).reshape(-1, 3).T
        self.has_candidate[first_id:end_id] = found_at
        self.pair_right[first_id:end_id] = right
        self.pair_left[first_id:end_id] = left
        new.clear()

    @staticmethod
    def _spellings(new: list[str]) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
        """Per token: the word it starts with, the word it ends with, its candidate words.

        One scan of the tokens joined by spaces finds the same words as one scan per token:
        a space, like either end of a token, is neither a word character nor a hyphen.
        """
        first = [""] * len(new)
        last = [""] * len(new)
        found: list[list[str]] = [[] for _ in new]
        index, start, end = 0, 0, len(new[0])
        for m in TOKEN.finditer(" ".join(new)):
            while m.start() > end:  # the match is in a later token
                index += 1
                start = end + 1
                end = start + len(new[index])
            word = m.group(0)
            if m.start() == start:
                first[index] = word
            if m.end() == end:
                last[index] = word
            if is_candidate_word(word):
                found[index].append(word)
        return first, last, [tuple(dict.fromkeys(f)) if f else () for f in found]

    def _grow(self, size: int) -> None:
        self.has_candidate = np.resize(self.has_candidate, size)
        self.pair_left = np.resize(self.pair_left, size)
        self.pair_right = np.resize(self.pair_right, size)


def _pair_half(word: str) -> bool:
    return bool(word) and word[0].isupper() and "-" not in word
