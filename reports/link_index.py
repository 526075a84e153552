"""The links of a crawl as the URL views show them: bounded lists, exact counts, as arrays.

A crawl has ~70 links a page. Kept as a tuple of strings each, the index cost ~500 bytes a
link (380 MB at 10,000 pages); here each URL, anchor text and (region, kind, nofollow) style
is numbered once and a kept link is three int32s, so the index grows by ~12 bytes a link.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

from siteaudit.core.records import Link, Page

INLINKS_KEPT = 100
OUTLINKS_KEPT = 200  # both under 65,536: a row's rank in its list is 16 bits
_PLACE_SLICE = 1 << 20  # rows placed at once (8 MB of positions)

# One link as the inspector lists it: the URL at the other end, anchor text, region, kind,
# nofollow.
LinkRow = tuple[str, str | None, str, str, bool]
Style = tuple[str, str, bool]  # region, kind, nofollow

V = TypeVar("V", bound=Hashable)


class _Numbered(Generic[V]):
    """Values numbered in the order they are first seen."""

    def __init__(self) -> None:
        self.ids: dict[V, int] = {}
        self.values: list[V] = []

    def id(self, value: V) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


class _Kept:
    """Links kept for one side of the index, as parallel columns: the URL the list belongs
    to, the row's place in that list, the URL at the other end, the anchor text and the
    style."""

    def __init__(self) -> None:
        self.owner = array("i")
        self.rank = array("H")  # 0, 1, 2... per owner, in the order added
        self.other = array("i")
        self.text = array("i")
        # (region, kind, nofollow) combinations: a few dozen, from the crawler's fixed sets
        self.style = array("H")

    def add(self, owner: int, rank: int, other: int, text: int, style: int) -> None:
        self.owner.append(owner)
        self.rank.append(rank)
        self.other.append(other)
        self.text.append(text)
        self.style.append(style)

    def grouped(self, count: int) -> _Lists:
        """The rows ordered by owner (each owner's in the order they were added): each row
        is put at its owner's start plus its rank, a column at a time, in slices. An argsort
        took 8 bytes a row and a sorted copy of the owners 4 more, on top of the columns."""
        owner = np.frombuffer(self.owner, dtype=np.int32) if self.owner else np.zeros(0, np.int32)
        rank = np.frombuffer(self.rank, dtype=np.uint16) if self.rank else np.zeros(0, np.uint16)
        starts = np.zeros(count + 1, np.int64)
        np.cumsum(np.bincount(owner, minlength=count), out=starts[1:])
        columns = []
        for name, dtype in (("other", np.int32), ("text", np.int32), ("style", np.uint16)):
            column: array[int] = getattr(self, name)
            setattr(self, name, array(column.typecode))
            source = np.frombuffer(column, dtype=dtype) if column else np.zeros(0, dtype)
            placed = np.empty(len(source), dtype)
            for lo in range(0, len(source), _PLACE_SLICE):
                hi = lo + _PLACE_SLICE
                placed[starts[owner[lo:hi]] + rank[lo:hi]] = source[lo:hi]
            columns.append(placed)
            del source, column  # the last references: freed before the next column
        return _Lists(starts[:-1], starts[1:], *columns)


class _Runs:
    """Links kept for the side whose owner arrives grouped (the page they are on): the rows
    in arrival order and where each owner's run starts. Without an owner per row or a sort,
    this side costs 10 bytes a link, not the 14 plus an argsort's 8 a grouped copy takes."""

    def __init__(self) -> None:
        self.owners = array("i")  # one entry per run
        self.starts = array("q")
        self.other = array("i")
        self.text = array("i")
        self.style = array("H")

    def add(self, owner: int, other: int, text: int, style: int) -> None:
        if not self.owners or self.owners[-1] != owner:
            self.owners.append(owner)
            self.starts.append(len(self.other))
        self.other.append(other)
        self.text.append(text)
        self.style.append(style)

    def grouped(self, count: int) -> _Lists:
        owners = (
            np.frombuffer(self.owners, dtype=np.int32) if self.owners else np.zeros(0, np.int32)
        )
        starts = (
            np.frombuffer(self.starts, dtype=np.int64) if self.starts else np.zeros(0, np.int64)
        )
        if len(np.unique(owners)) < len(owners):
            # An owner came back after others (links not grouped by page): place the rows
            # as the other side does, each ranked by its arrival among its owner's.
            lengths = np.diff(np.append(starts, len(self.other)))
            owner = np.repeat(owners, lengths)
            order = np.argsort(owner, kind="stable")
            firsts = np.searchsorted(owner[order], owner[order])
            rank = np.empty(len(owner), np.uint16)
            rank[order] = np.arange(len(owner)) - firsts
            kept = _Kept()
            kept.owner, kept.rank = array("i", owner.tobytes()), array("H", rank.tobytes())
            kept.other, kept.text, kept.style = self.other, self.text, self.style
            return kept.grouped(count)
        first = np.zeros(count, np.int64)
        end = np.zeros(count, np.int64)
        first[owners] = starts
        end[owners] = np.append(starts[1:], len(self.other))
        columns = [
            np.frombuffer(getattr(self, name), dtype=dtype)
            if getattr(self, name)
            else np.zeros(0, dtype)
            for name, dtype in (("other", np.int32), ("text", np.int32), ("style", np.uint16))
        ]
        return _Lists(first, end, *columns)


@dataclass(frozen=True, slots=True)
class _Lists:
    starts: np.ndarray  # owner id -> its first row
    ends: np.ndarray  # owner id -> the row after its last
    other: np.ndarray
    text: np.ndarray
    style: np.ndarray

    def rows(self, owner: int) -> Iterator[tuple[int, int, int]]:
        start, end = int(self.starts[owner]), int(self.ends[owner])
        return zip(
            self.other[start:end].tolist(),
            self.text[start:end].tolist(),
            self.style[start:end].tolist(),
            strict=True,
        )


@dataclass(frozen=True, slots=True)
class LinkIndex:
    """Per URL: the first INLINKS_KEPT links to it and the first OUTLINKS_KEPT links on it,
    how many distinct pages link to it and how many links it has."""

    _urls: _Numbered[str]
    _texts: list[str | None]
    _styles: list[Style]
    _inlinks: _Lists
    _outlinks: _Lists
    _inlink_pages: np.ndarray
    _outlink_counts: np.ndarray

    @classmethod
    def build(cls, links: Iterable[Link], pages: Mapping[str, Page] | None = None) -> LinkIndex:
        """Read every link once (they arrive grouped by source page).

        ``pages``: the report's pages; a URL among them is held as their string, not as
        another copy read with the links.
        """
        known: Mapping[str, Page] = pages if pages is not None else {}
        urls: _Numbered[str] = _Numbered()
        texts: _Numbered[str | None] = _Numbered()
        styles: _Numbered[Style] = _Numbered()
        into, out = _Kept(), _Runs()
        # Per URL id, grown as URLs are numbered.
        linking, inlinks, outlinks = array("q"), array("q"), array("q")

        def url_id(url: str) -> int:
            number = urls.ids.get(url)
            if number is not None:
                return number
            page = known.get(url)
            number = urls.id(url if page is None else page.url)
            if number == len(linking):
                linking.append(0)
                inlinks.append(0)
                outlinks.append(0)
            return number

        source: str | None = None
        source_id = 0
        seen: set[int] = set()
        for link in links:
            if link.source != source:
                source, source_id, seen = link.source, url_id(link.source), set()
            target = url_id(link.target)
            text = texts.id(link.text)
            style = styles.id((str(link.region), link.kind, link.nofollow))
            if outlinks[source_id] < OUTLINKS_KEPT:
                out.add(source_id, target, text, style)
            outlinks[source_id] += 1
            if target not in seen:
                seen.add(target)
                linking[target] += 1
            if inlinks[target] < INLINKS_KEPT:
                into.add(target, inlinks[target], source_id, text, style)
                inlinks[target] += 1
        count = len(urls.values)
        return cls(
            urls,
            texts.values,
            styles.values,
            into.grouped(count),
            out.grouped(count),
            np.frombuffer(linking, dtype=np.int64) if linking else np.zeros(0, np.int64),
            np.frombuffer(outlinks, dtype=np.int64) if outlinks else np.zeros(0, np.int64),
        )

    def linked_urls(self) -> list[str]:
        """Every URL some link points to."""
        values = self._urls.values
        return [values[i] for i in np.flatnonzero(self._inlink_pages).tolist()]

    def inlink_pages(self, url: str) -> int:
        """Distinct pages linking to ``url``."""
        number = self._urls.ids.get(url)
        return 0 if number is None else int(self._inlink_pages[number])

    def outlink_count(self, url: str) -> int:
        """Links on ``url`` (all of them, not only the kept ones)."""
        number = self._urls.ids.get(url)
        return 0 if number is None else int(self._outlink_counts[number])

    def inlinks(self, url: str) -> list[LinkRow]:
        """The first INLINKS_KEPT links to ``url``: (source, text, region, kind, nofollow)."""
        return self._rows(self._inlinks, url)

    def outlinks(self, url: str) -> list[LinkRow]:
        """The first OUTLINKS_KEPT links on ``url``: (target, text, region, kind, nofollow)."""
        return self._rows(self._outlinks, url)

    def _rows(self, lists: _Lists, url: str) -> list[LinkRow]:
        number = self._urls.ids.get(url)
        if number is None:
            return []
        values, texts, styles = self._urls.values, self._texts, self._styles
        return [
            (values[other], texts[text], *styles[style])
            for other, text, style in lists.rows(number)
        ]
