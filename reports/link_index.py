"""The links of a crawl as the URL views show them: bounded lists, exact counts, as arrays.

A crawl has ~70 links a page. Kept as a tuple of strings each, the index cost ~500 bytes a
link (380 MB at 10,000 pages); here each URL, anchor text and (region, kind, nofollow) style
is numbered once and a kept link is three int32s, so the index grows by ~12 bytes a link.
Built from a store, it holds less: a page's own links are read again a shard of the
inspector at a time (the store keys links by their source), and the links to each URL are
put straight in place, laid out from the counts of the store's target index (10 bytes a
kept inlink: 39 MB for the 3.9 million kept of 7.5 million links at 100,000 generated
pages).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Generic, TypeVar

import numpy as np

from siteaudit.core.records import Link, LinkIdRow, LinkIds, Page

INLINKS_KEPT = 100
OUTLINKS_KEPT = 200  # both under 65,536: a row's rank in its list is 16 bits
_PLACE_SLICE = 1 << 20  # rows placed at once (8 MB of positions)
# Links indexed at once: a chunk's row tuples and arrays are transient (~2 MB); 65,536 a
# chunk were no faster at 7.6 M links and held 8x that.
_READ_CHUNK = 1 << 13

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

    def extend(
        self,
        owner: np.ndarray,
        rank: np.ndarray,
        other: np.ndarray,
        text: np.ndarray,
        style: np.ndarray,
    ) -> None:
        """Add rows, a column each."""
        self.owner.frombytes(owner.astype(np.int32).tobytes())
        self.rank.frombytes(rank.astype(np.uint16).tobytes())
        self.other.frombytes(other.astype(np.int32).tobytes())
        self.text.frombytes(text.astype(np.int32).tobytes())
        self.style.frombytes(style.astype(np.uint16).tobytes())

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

    def extend(
        self, owner: np.ndarray, other: np.ndarray, text: np.ndarray, style: np.ndarray
    ) -> None:
        """Add rows in arrival order; a run starts where the owner changes."""
        if not len(owner):
            return
        before = self.owners[-1] if self.owners else -1
        runs = np.flatnonzero(np.diff(owner, prepend=before) != 0)
        self.owners.frombytes(owner[runs].astype(np.int32).tobytes())
        self.starts.frombytes((runs + len(self.other)).astype(np.int64).tobytes())
        self.other.frombytes(other.astype(np.int32).tobytes())
        self.text.frombytes(text.astype(np.int32).tobytes())
        self.style.frombytes(style.astype(np.uint16).tobytes())

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


def _numbered_links(links: Iterable[Link]) -> LinkIds:
    """Links as LinkIds, their URLs and texts numbered as they come."""
    urls: _Numbered[str] = _Numbered()
    texts: _Numbered[str] = _Numbered()

    def rows() -> Iterator[LinkIdRow]:
        for link in links:
            text = None if link.text is None else texts.id(link.text)
            source, target = urls.id(link.source), urls.id(link.target)
            yield source, target, text, str(link.region), link.kind, int(link.nofollow)

    return LinkIds(
        rows=rows(),
        urls=lambda wanted: {i: urls.values[i] for i in wanted},
        texts=lambda wanted: {i: texts.values[i] for i in wanted},
    )


class _Grown:
    """A per-id int64 column that grows as ids are numbered."""

    def __init__(self) -> None:
        self.values = np.zeros(1024, np.int64)

    def fit(self, size: int) -> None:
        if size > len(self.values):
            grown = np.zeros(max(size, 2 * len(self.values)), np.int64)
            grown[: len(self.values)] = self.values
            self.values = grown


_NO_TEXT = -1  # the text id of a link without anchor text


class _IdNumbering:
    """Local numbers 0, 1, 2... for store ids, in order of first appearance, grown in place
    (amortised doubling: a copy of every id per chunk would be quadratic at a million URLs).

    ``reserved``: an id (outside the store's, e.g. -1) that always has local number 0.
    """

    def __init__(self, reserved: int | None = None) -> None:
        self._local = np.full(1024, -1, np.int64)  # store id -> local number (-1: none yet)
        self._ids = np.zeros(1024, np.int64)  # local number -> store id
        self._reserved = reserved
        self.count = 0
        if reserved is not None:
            self._ids[0] = reserved
            self.count = 1

    @property
    def ids(self) -> np.ndarray:
        """The store id of each local number."""
        return self._ids[: self.count]

    def local(self) -> np.ndarray:
        """The local number of each store id (-1: not numbered)."""
        return self._local

    def number(self, ids: np.ndarray) -> np.ndarray:
        """The local number of each of ``ids``, numbering new ones."""
        local = np.zeros(len(ids), np.int64)
        stored = ids != self._reserved if self._reserved is not None else slice(None)
        wanted = ids[stored]
        if len(wanted) and wanted.max() >= len(self._local):
            grown = np.full(max(int(wanted.max()) + 1, 2 * len(self._local)), -1, np.int64)
            grown[: len(self._local)] = self._local
            self._local = grown
        found = self._local[wanted]
        new = wanted[found < 0]
        if len(new):
            distinct, first = np.unique(new, return_index=True)
            distinct = distinct[np.argsort(first, kind="stable")]
            end = self.count + len(distinct)
            if end > len(self._ids):
                grown = np.zeros(max(end, 2 * len(self._ids)), np.int64)
                grown[: self.count] = self._ids[: self.count]
                self._ids = grown
            self._ids[self.count : end] = distinct
            self._local[distinct] = np.arange(self.count, end)
            self.count = end
            found = self._local[wanted]
        local[stored] = found
        return local


class _Placed:
    """The inlinks side laid out before the links are read, from each target's count of
    links (LinkIds.inlink_counts: an index-only count in a store): each kept row goes
    straight to its place, 10 bytes a row, where _Kept holds 16 and its grouping 4 more."""

    def __init__(self, targets: np.ndarray, counts: np.ndarray) -> None:
        kept = np.minimum(counts, INLINKS_KEPT)
        self.start = np.full(int(targets.max(initial=-1)) + 1, -1, np.int64)  # by store id
        self.start[targets] = np.cumsum(kept) - kept
        total = int(kept.sum())
        self.other = np.zeros(total, np.int32)
        self.text = np.zeros(total, np.int32)
        self.style = np.zeros(total, np.uint16)

    def put(
        self,
        store_targets: np.ndarray,
        rank: np.ndarray,
        other: np.ndarray,
        text: np.ndarray,
        style: np.ndarray,
    ) -> None:
        at = self.start[store_targets] + rank
        self.other[at] = other
        self.text[at] = text
        self.style[at] = style

    def lists(self, store_ids: np.ndarray, counts: np.ndarray) -> _Lists:
        """The rows of the URLs numbered ``store_ids`` (local order), ``counts`` links each."""
        starts = np.zeros(len(store_ids), np.int64)
        linked = np.flatnonzero(counts[: len(store_ids)] > 0)
        starts[linked] = self.start[store_ids[linked]]
        ends = starts + np.minimum(counts[: len(store_ids)], INLINKS_KEPT)
        return _Lists(starts, ends, self.other, self.text, self.style)


class _Builder:
    """The index built a chunk of links at a time with array operations: a Python loop per
    link took ~12 us (95 s of the report at 100,000 pages, 7.6 M links)."""

    def __init__(self, keep_out: bool = True, placed: _Placed | None = None) -> None:
        self.urls = _IdNumbering()
        self.texts = _IdNumbering(reserved=_NO_TEXT)  # local 0: a link without text
        self.styles: _Numbered[Style] = _Numbered()
        self.into, self.out = _Kept(), _Runs()
        self.keep_out = keep_out
        self.placed = placed
        self._linking, self._inlinks, self._outlinks = _Grown(), _Grown(), _Grown()
        self._held: list[LinkIdRow] = []  # the last page's links: it may go on

    @property
    def linking(self) -> np.ndarray:
        return self._linking.values

    @property
    def outlinks(self) -> np.ndarray:
        return self._outlinks.values

    def add(self, chunk: list[LinkIdRow]) -> None:
        """Index the pages of ``chunk`` whose links are all in; hold back the last one."""
        rows = self._held + chunk
        last = rows[-1][0]
        cut = len(rows)
        while cut > 0 and rows[cut - 1][0] == last:
            cut -= 1
        self._held = rows[cut:]
        if cut:
            self._index(rows[:cut])

    def flush(self) -> None:
        if self._held:
            self._index(self._held)
            self._held = []

    def _index(self, rows: list[LinkIdRow]) -> None:
        source_ids, target_ids, text_ids, regions, kinds, nofollows = zip(*rows, strict=True)
        ends = np.empty(2 * len(rows), np.int64)  # source, target, source, target...
        ends[0::2] = source_ids
        ends[1::2] = target_ids
        local = self.urls.number(ends)
        source, target = local[0::2], local[1::2]
        stored_text = np.fromiter(
            (_NO_TEXT if t is None else t for t in text_ids), np.int64, len(rows)
        )
        text = self.texts.number(stored_text)
        style_id = self.styles.id
        style = np.fromiter(
            (style_id((r, k, bool(n))) for r, k, n in zip(regions, kinds, nofollows, strict=True)),
            np.int64,
            len(rows),
        )
        size = self.urls.count
        for column in (self._linking, self._inlinks, self._outlinks):
            column.fit(size)
        # Each row's place in its page's list (all the page's links so far count).
        out_rank = _arrival_rank(source) + self._outlinks.values[source]
        self._outlinks.values[:size] += np.bincount(source, minlength=size)
        if self.keep_out:
            kept = np.flatnonzero(out_rank < OUTLINKS_KEPT)
            self.out.extend(source[kept], target[kept], text[kept], style[kept])
        # Distinct targets per run of one page (a page that comes back counts again; a run
        # never spans two chunks, see add).
        run = np.cumsum(np.diff(source, prepend=-1) != 0)
        pairs = np.unique(run * (size + 1) + target)
        self._linking.values[:size] += np.bincount(pairs % (size + 1), minlength=size)
        # Each row's place among the links to its target, in arrival order.
        in_rank = _arrival_rank(target) + self._inlinks.values[target]
        self._inlinks.values[:size] += np.bincount(target, minlength=size)
        kept = np.flatnonzero(in_rank < INLINKS_KEPT)
        if self.placed is not None:
            stored = ends[1::2][kept]
            self.placed.put(stored, in_rank[kept], source[kept], text[kept], style[kept])
        else:
            self.into.extend(target[kept], in_rank[kept], source[kept], text[kept], style[kept])

    def inlink_lists(self, count: int) -> _Lists:
        """The inlinks side, grouped by target (local numbers 0..count-1)."""
        if self.placed is not None:
            return self.placed.lists(self.urls.ids[:count], self._inlinks.values)
        return self.into.grouped(count)


@dataclass(frozen=True, slots=True)
class _LinksOn:
    """The outlinks side read from the store a shard at a time (LinkIds.links_on), in the
    index's numbering: a page's links are keyed by their source there, so the index does
    not hold them (10 bytes a kept link: 75 MB at 100,000 generated pages)."""

    read: Callable[[Sequence[int]], Iterable[LinkIdRow]]
    url_store: np.ndarray  # local number -> store id
    url_local: np.ndarray  # store id -> local number
    text_local: np.ndarray  # store text id -> local number (a link without text: 0)
    style_ids: dict[Style, int]

    def columns(self, numbers: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """(other, text, style) of the first OUTLINKS_KEPT links on each of ``numbers``
        (local numbers, -1: none), in their order, and how many each has."""
        lengths = np.zeros(len(numbers), np.int64)
        known = np.flatnonzero(numbers >= 0)
        rows = list(self.read(self.url_store[numbers[known]].tolist())) if len(known) else []
        if not rows:
            return [np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.uint16)], lengths
        sources, targets, texts, regions, kinds, nofollows = zip(*rows, strict=True)
        source = self.url_local[np.array(sources, np.int64)]
        kept = np.flatnonzero(_arrival_rank(source) < OUTLINKS_KEPT)
        # each kept row's place in ``numbers`` (a URL is there once), rows of one source
        # staying in page order
        chosen = numbers[known]
        sorter = np.argsort(chosen)
        where = known[sorter[np.searchsorted(chosen, source[kept], sorter=sorter)]]
        order = kept[np.argsort(where, kind="stable")]
        lengths += np.bincount(where, minlength=len(numbers))
        stored = np.fromiter((_NO_TEXT if t is None else t for t in texts), np.int64, len(rows))
        text = np.zeros(len(rows), np.int32)
        has_text = stored != _NO_TEXT
        text[has_text] = self.text_local[stored[has_text]]
        style_id = self.style_ids
        style = np.fromiter(
            (style_id[(r, k, bool(n))] for r, k, n in zip(regions, kinds, nofollows, strict=True)),
            np.uint16,
            len(rows),
        )
        other = self.url_local[np.array(targets, np.int64)[order]].astype(np.int32)
        return [other, text[order], style[order]], lengths


def _arrival_rank(keys: np.ndarray) -> np.ndarray:
    """Each element's place among the equal ones before it: 0, 1, 2... per key."""
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    rank = np.empty(len(keys), np.int64)
    rank[order] = np.arange(len(keys)) - np.searchsorted(ranked, ranked)
    return rank


@dataclass(frozen=True, slots=True)
class LinkIndex:
    """Per URL: the first INLINKS_KEPT links to it and the first OUTLINKS_KEPT links on it,
    how many distinct pages link to it and how many links it has."""

    _urls: _Numbered[str]
    _texts: list[str | None]
    _styles: list[Style]
    _inlinks: _Lists
    _outlinks: _Lists | _LinksOn
    _inlink_pages: np.ndarray
    _outlink_counts: np.ndarray

    @classmethod
    def build(
        cls, links: Iterable[Link] | LinkIds, pages: Mapping[str, Page] | None = None
    ) -> LinkIndex:
        """Read every link once (they arrive grouped by source page), as the store's ids
        (LinkIds) or as Links.

        ``pages``: the report's pages; a URL among them is held as their string, not as
        another copy read with the links.
        """
        ids = links if isinstance(links, LinkIds) else _numbered_links(links)
        counted = ids.inlink_counts() if ids.inlink_counts is not None else None
        placed = _Placed(*counted) if counted is not None else None
        builder = _Builder(keep_out=ids.links_on is None, placed=placed)
        rows = iter(ids.rows)
        while chunk := list(islice(rows, _READ_CHUNK)):
            builder.add(chunk)
        builder.flush()
        known: Mapping[str, Page] = pages if pages is not None else {}
        urls: _Numbered[str] = _Numbered()
        store_ids = builder.urls.ids.tolist()
        for start in range(0, len(store_ids), _READ_CHUNK):  # a chunk's URLs at a time
            part = store_ids[start : start + _READ_CHUNK]
            named = ids.urls(part)
            for store_id in part:
                url = named[store_id]
                page = known.get(url)
                urls.id(url if page is None else page.url)
        text_ids = builder.texts.ids.tolist()
        named = ids.texts(text_ids[1:])
        texts: list[str | None] = [None, *(named[i] for i in text_ids[1:])]
        count = len(urls.values)
        outlinks: _Lists | _LinksOn = (
            builder.out.grouped(count)
            if ids.links_on is None
            else _LinksOn(
                ids.links_on,
                builder.urls.ids.copy(),
                builder.urls.local(),
                builder.texts.local(),
                builder.styles.ids,
            )
        )
        return cls(
            urls,
            texts,
            builder.styles.values,
            builder.inlink_lists(count),
            outlinks,
            builder.linking[:count].copy(),
            builder.outlinks[:count].copy(),
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

    def shard_links(self, group: Sequence[str]) -> ShardLinks:
        """The kept links to and from each URL of ``group``, numbered for one shard of the
        inspector: a shard names each URL, text and style once, and its rows index them. A
        row at a time through strings and dicts cost ~3.5 us (15% of the report)."""
        ids = self._urls.ids
        numbers = np.array([ids.get(url, -1) for url in group], np.int64)
        columns: list[list[np.ndarray]] = [[], [], []]
        spans: list[np.ndarray] = []
        for lists in (self._inlinks, self._outlinks):
            found, lengths = _side(lists, numbers)
            for column, values in zip(columns, found, strict=True):
                column.append(values)
            spans.append(np.cumsum(lengths))
        (others, other_of), (text_ids, text_of), (style_ids, style_of) = (
            np.unique(np.concatenate(column), return_inverse=True) for column in columns
        )
        # One flat list for the shard (a list per row, or per row's int, cost 2 us a row)
        flat = np.column_stack((other_of, text_of, style_of)).ravel().tolist()
        inbound = 3 * len(columns[0][0])
        named = self._urls.values
        return ShardLinks(
            urls=[named[i] for i in others.tolist()],
            texts=[self._texts[i] for i in text_ids.tolist()],
            styles=[self._styles[i] for i in style_ids.tolist()],
            inlinks=_split(flat[:inbound], 3 * spans[0]),
            outlinks=_split(flat[inbound:], 3 * spans[1]),
        )

    def _rows(self, lists: _Lists | _LinksOn, url: str) -> list[LinkRow]:
        number = self._urls.ids.get(url)
        if number is None:
            return []
        values, texts, styles = self._urls.values, self._texts, self._styles
        found, _ = _side(lists, np.array([number], np.int64))
        return [
            (values[other], texts[text], *styles[style])
            for other, text, style in zip(*(c.tolist() for c in found), strict=True)
        ]


def _side(lists: _Lists | _LinksOn, numbers: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """(other, text, style) of the kept links of each of ``numbers`` (-1: none), in order,
    and how many each has."""
    if isinstance(lists, _LinksOn):
        return lists.columns(numbers)
    known = numbers >= 0
    starts = np.zeros(len(numbers), np.int64)
    lengths = np.zeros(len(numbers), np.int64)
    starts[known] = lists.starts[numbers[known]]
    lengths[known] = lists.ends[numbers[known]] - starts[known]
    ends = np.cumsum(lengths)
    rows = np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1:].sum()))
    return [lists.other[rows], lists.text[rows], lists.style[rows]], lengths


@dataclass(frozen=True, slots=True)
class ShardLinks:
    """LinkIndex.shard_links: per URL of the group, in its order, its links as one flat list
    of (url, text, style) triples, each an index into the lists here."""

    urls: list[str]
    texts: list[str | None]
    styles: list[Style]
    inlinks: list[list[int]]
    outlinks: list[list[int]]


def _split(rows: list[int], ends: np.ndarray) -> list[list[int]]:
    start = 0
    parts = []
    for end in ends.tolist():
        parts.append(rows[start:end])
        start = end
    return parts
