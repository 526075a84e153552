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
from collections.abc import Sequence

import numpy as np
from siteaudit.analysis.template_blocks import words
from siteaudit.analysis.term_discovery import TOKEN, is_candidate_word
from siteaudit.analysis.text import term_keys

# Joins the texts of a page: split() turns it into a token of its own, with no words in it.
SEPARATOR = "\x00"
_JOIN = f" {SEPARATOR} "
# Distinct tokens kept before the table starts afresh (ids are only compared within a page).
_MAX_TOKENS = 400_000


def word_hash(word: str) -> int:
    """A 64-bit hash of a casefolded word, the same in every run (unlike ``hash``)."""
    digest = hashlib.blake2b(word.casefold().encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class _Ids(dict[str, int]):
    """Token -> id; an unknown token is analysed and added on first sight."""

    def __init__(self, table: TokenTable) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, token: str) -> int:
        return self.table.add(token)


class _Flat:
    """Variable-length uint64 values per token id, in one array: (start, count) per id."""

    def __init__(self) -> None:
        self.start = np.zeros(1024, np.int64)
        self.count = np.zeros(1024, np.int32)
        self.values = np.zeros(1024, np.uint64)
        self.size = 0

    def set(self, token_id: int, values: list[int]) -> None:
        if token_id >= len(self.start):
            self.start = np.resize(self.start, 2 * token_id)
            self.count = np.resize(self.count, 2 * token_id)
        if self.size + len(values) > len(self.values):
            self.values = np.resize(self.values, 2 * (self.size + len(values)))
        self.values[self.size : self.size + len(values)] = values
        self.start[token_id] = self.size
        self.count[token_id] = len(values)
        self.size += len(values)

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
    """

    def __init__(self, max_tokens: int = _MAX_TOKENS) -> None:
        self.max_tokens = max_tokens
        self._reset()

    def _reset(self) -> None:
        self.ids = _Ids(self)
        self.words = _Flat()
        self.terms = _Flat()  # text-similarity term keys (siteaudit.analysis.text.term_keys)
        self.has_candidate = np.zeros(1024, np.bool_)
        self.pair_left = np.zeros(1024, np.bool_)
        self.pair_right = np.zeros(1024, np.bool_)
        self.candidates: list[tuple[str, ...]] = []
        self.first_word: list[str] = []
        self.last_word: list[str] = []
        self.add(SEPARATOR)  # id 0

    def token_ids(self, texts: Sequence[str]) -> np.ndarray:
        """Ids of the tokens of ``texts`` joined by separator tokens (id 0)."""
        if len(self.ids) > self.max_tokens:
            self._reset()  # bounded memory; frequent tokens come back at once
        tokens = _JOIN.join(texts).split()
        return np.fromiter(map(self.ids.__getitem__, tokens), np.int32, len(tokens))

    def word_hashes(self, ids: np.ndarray) -> np.ndarray:
        """The casefolded words of the tokens ``ids``, in order, as 64-bit hashes."""
        return self.words.of(ids)

    def term_keys(self, ids: np.ndarray) -> np.ndarray:
        """The similarity terms of the tokens ``ids`` (no stopwords or numbers), in order."""
        return self.terms.of(ids)

    def add(self, token: str) -> int:
        """Analyse a new token and return its id."""
        token_id = len(self.candidates)
        if token_id >= len(self.has_candidate):
            self._grow()
        self.words.set(token_id, [word_hash(w) for w in words(token)])
        self.terms.set(token_id, term_keys(token))
        matches = list(TOKEN.finditer(token))
        found = tuple(dict.fromkeys(m.group(0) for m in matches if is_candidate_word(m.group(0))))
        self.candidates.append(found)
        self.has_candidate[token_id] = bool(found)
        first = matches[0].group(0) if matches and matches[0].start() == 0 else ""
        last = matches[-1].group(0) if matches and matches[-1].end() == len(token) else ""
        self.first_word.append(first)
        self.last_word.append(last)
        self.pair_right[token_id] = _pair_half(first)
        self.pair_left[token_id] = _pair_half(last)
        self.ids[token] = token_id
        return token_id

    def _grow(self) -> None:
        size = 2 * len(self.has_candidate)
        self.has_candidate = np.resize(self.has_candidate, size)
        self.pair_left = np.resize(self.pair_left, size)
        self.pair_right = np.resize(self.pair_right, size)


def _pair_half(word: str) -> bool:
    return bool(word) and word[0].isupper() and "-" not in word
