"""Small text helpers shared by the checks: tokens, stopwords, light stemming."""

from __future__ import annotations

import hashlib
import re

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·»:]{1,2}\s+")

STOPWORDS = frozenset(
    """a an and are as at be been but by can could do does did for from has have how i if in
    into is it its my no not of on or our so than that the their them then there these they
    this to too us was we were what when where which who why will with would you your
    should shall may might must about after before over under up down out vs via per
    more most much many any all each every some such only own same other also just""".split()
)


def tokens(text: str) -> list[str]:
    """Words of a text, casefolded."""
    return [t.casefold() for t in _TOKEN.findall(text)]


def content_tokens(text: str) -> list[str]:
    """Words that carry meaning: tokens minus stopwords."""
    return [t for t in tokens(text) if t not in STOPWORDS]


def stem(token: str) -> str:
    """A crude English stem, enough to match 'shipping' with 'ship' or 'costs' with 'cost'."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            base = token[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # shipping -> shipp -> ship
            return base
    return token


def term_stem(token: str) -> str | None:
    """The term a token counts as in text similarity; None for stopwords and numbers."""
    folded = token.casefold()
    if folded in STOPWORDS or folded.isdigit():
        return None
    return stem(folded)


def term_key(term: str) -> int:
    """A 32-bit key of a term, the same in every process (unlike ``hash``).

    32 bits, as hashed term features usually are (2**20 is common): a site's vocabulary of
    10**6 terms shares ~100 keys between two terms each, a weight nobody sees in a cosine,
    and every (page, term) pair a large site keeps costs half of a 64-bit key.
    """
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")


def chunk_words(chunk: str) -> list[str]:
    """The words of a whitespace-free chunk that text similarity reads, before stemming."""
    return [chunk] if chunk.isalnum() else _TOKEN.findall(chunk)


def term_keys(chunk: str) -> list[int]:
    """Keys of the terms of a whitespace-free chunk: ``content_tokens`` stemmed, no numbers."""
    return [term_key(term) for term in map(term_stem, chunk_words(chunk)) if term is not None]


def title_segments(title: str) -> list[str]:
    """A title split on the separators sites put between page name and site name."""
    return [s for s in _TITLE_SEPARATORS.split(title) if s.strip()]
