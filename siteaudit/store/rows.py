"""Records to rows and rows (read by column name) back to records.

Writes build plain tuples in the tables' column order: the crawl turns every page into rows
as it arrives, and tuples of strings and numbers are invisible to the cyclic garbage
collector, while hundreds of buffered Page, Link and TextBlock objects made every collection
walk them (~10% of the crawl's CPU). Reads map rows by column name onto the typed records.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any, NoReturn, cast

from sqlalchemy.engine import RowMapping

from siteaudit.core.records import CrawlRun, Finding, Link, Page, Severity, TextBlock
from siteaudit.store.packing import PackedTextError, pack_bytes, pack_text, unpack_text
from siteaudit.store.schema import links, page_html, page_links, pages

PAGE_COLUMNS = tuple(c.name for c in pages.c)
# A link as the crawl buffers it (URLs and text as strings: the store turns them into ids) ...
LINK_COLUMNS = tuple(c.name for c in links.c)
# ... and as ``page_links`` stores it.
PAGE_LINK_COLUMNS = tuple(c.name for c in page_links.c)
PAGE_HTML_COLUMNS = tuple(c.name for c in page_html.c)
# One encoder for every row: json.dumps(..., ensure_ascii=False) builds a new one per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


# crawl_id, source, position, target, kind, text, region, nofollow, fragment, line, col
LinkRow = tuple[int, str, int, str, str, str | None, str, int, str | None, int | None, int | None]


@dataclass(slots=True)
class PageRows:
    """Pages of one crawl as rows (PAGE_COLUMNS, LINK_COLUMNS and, for pages carrying their
    HTML, PAGE_HTML_COLUMNS), for ``Store.add_page_rows`` (which stores the links' URLs as
    ids)."""

    crawl_id: int
    pages: list[tuple[object, ...]] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    html: list[tuple[int, str, bytes]] = field(default_factory=list)  # PAGE_HTML_COLUMNS

    def add(self, page: Page) -> None:
        crawl_id, url = self.crawl_id, page.url
        self.pages.append(page_row(crawl_id, page))
        if page.html is not None:
            self.html.append((crawl_id, url, pack_bytes(page.html)))
        self.links.extend(
            (
                crawl_id,
                url,
                ln.position,
                ln.target,
                ln.kind,
                ln.text,
                str(ln.region),  # a Region member would keep the row tracked by the GC
                int(ln.nofollow),
                ln.fragment,
                ln.line,
                ln.column,
            )
            for ln in page.links
        )

    def __len__(self) -> int:
        return len(self.pages)


def page_row(crawl_id: int, p: Page) -> tuple[object, ...]:
    """One ``pages`` row, in PAGE_COLUMNS order."""
    return (
        crawl_id,
        p.url,
        p.status,
        p.error,
        p.content_type,
        p.resource_type,
        p.depth,
        p.found_via,
        p.found_on,
        p.elapsed_ms,
        p.size,
        p.location,
        p.redirect_kind,
        p.encoding,
        int(p.is_html),
        p.title,
        p.title_count,
        p.meta_description,
        p.meta_robots,
        p.x_robots_tag,
        p.canonical,
        p.lang,
        _to_json(p.h1),
        _to_json(p.h2),
        _to_json(p.hreflang),
        p.word_count,
        p.text_hash,
        pack_text(blocks_json(p.blocks)),
        _to_json(p.anchors),
    )


def blocks_json(blocks: list[TextBlock]) -> str:
    """``_to_json([(region, tag, text), ...])``, in 60% of the time.

    The C escaper for ASCII runs twice as fast as the one that keeps other characters as
    they are, and writes an ASCII string the same way (but for DEL, which only it escapes):
    each string gets the faster one it can.
    """
    strings = [
        f"[{_json_str(b.region)}, {_json_str(b.tag)}, {_json_str(b.text)}"
        # Code ranges as a fourth item, only where a block has some: readers of
        # [region, tag, text] keep working, and most blocks stay as short as before.
        + (f", {json.dumps(b.code, separators=(',', ':'))}]" if b.code else "]")
        for b in blocks
    ]
    return f"[{', '.join(strings)}]"


def _json_str(text: str) -> str:
    if text.isascii() and "\x7f" not in text:
        return encode_basestring_ascii(text)
    return encode_basestring(text)


def pack_findings(found: Sequence[Finding]) -> bytes:
    """A ``finding_blocks`` row's data: one zstd frame of the JSON list of
    ``[check, severity, url, message, element, snippet, fix, evidence]``."""
    rows = [
        [f.check, str(f.severity), f.url, f.message, f.element, f.snippet, f.fix, f.evidence]
        for f in found
    ]
    return pack_text(json.dumps(rows, default=str, separators=(",", ":")))


# -- rows to records (by column name) ----------------------------------------------------

# A row by column name: a plain dict, or SQLAlchemy's RowMapping (whose keys may be columns).
Row = Mapping[str, Any] | RowMapping
# The columns a link read selects, in Link's field order (``l``: page_links, ``s`` and ``t``:
# the urls rows of its source and target, ``x`` the link_texts row of its text).
LINK_SELECT = (
    "s.url, t.url, l.kind, x.text, l.region, l.nofollow, l.position, l.fragment, l.line, l.col"
)


def read_link(row: Sequence[Any]) -> Link:
    """A Link from a plain driver row of LINK_SELECT's columns (crawls have millions of
    links: no row mappings, no lookups by name)."""
    source, target, kind, text, region, nofollow, position, fragment, line, col = row
    return Link(source, target, kind, text, region, bool(nofollow), position, fragment, line, col)


def page_reader(columns: Sequence[str]) -> Callable[[Sequence[Any]], Page]:
    """Turns plain rows with these column names into Pages."""
    names = list(columns)
    return lambda row: page_from_row(dict(zip(names, row, strict=True)))


# Columns whose values repeat across pages: a summary read keeps one string of each.
_SHARED_VALUES = (
    "error",
    "content_type",
    "resource_type",
    "found_via",
    "found_on",
    "redirect_kind",
    "encoding",
    "meta_robots",
    "x_robots_tag",
    "lang",
)


class _LeftOut(list[Any]):
    """The one empty list all page summaries share for each field a summary leaves out
    (56 B a page and field otherwise); it refuses appends and item assignment, which would
    reach every page."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a page summary's left-out fields are read-only")

    def append(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._refuse()

    def extend(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._refuse()

    def insert(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._refuse()

    def __setitem__(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._refuse()


_NONE: list[Any] = _LeftOut()


def summary_page_reader(columns: Sequence[str]) -> Callable[[Sequence[Any]], Page]:
    """Like ``page_reader`` for rows without some columns (their fields stay empty); the
    values many pages share are held once, a self-canonical is the URL's own string, and
    every empty list field is one shared, read-only empty list."""
    names = list(columns)
    shared: dict[str, str] = {}

    def read(values: Sequence[Any]) -> Page:
        row = dict(zip(names, values, strict=True))
        for name in _SHARED_VALUES:
            value = row.get(name)
            if value is not None:
                row[name] = shared.setdefault(value, value)
        if row.get("canonical") == row["url"]:
            row["canonical"] = row["url"]
        page = page_from_row(row, _NONE)
        if not page.h1:
            page.h1 = _NONE
        return page

    return read


def _json_list(value: str | None, empty: list[Any] | None = None) -> list[Any]:
    if value is not None:
        return cast(list[Any], json.loads(value))
    return [] if empty is None else empty


def page_from_row(row: Row, empty: list[Any] | None = None) -> Page:
    """A Page (without links) from a ``pages`` row; a row without ``blocks`` gives none.

    ``empty``: the list to give each field the row has no value for (default: a new one).
    """
    blocks = row.get("blocks")
    hreflang = row.get("hreflang")
    return Page(
        url=row["url"],
        status=row["status"],
        error=row["error"],
        content_type=row["content_type"],
        resource_type=row["resource_type"],
        depth=row["depth"],
        found_via=row["found_via"],
        found_on=row["found_on"],
        elapsed_ms=row["elapsed_ms"],
        size=row["size"],
        location=row["location"],
        redirect_kind=row["redirect_kind"],
        encoding=row["encoding"],
        is_html=bool(row["is_html"]),
        title=row["title"],
        title_count=row["title_count"],
        meta_description=row["meta_description"],
        meta_robots=row["meta_robots"],
        x_robots_tag=row["x_robots_tag"],
        canonical=row["canonical"],
        lang=row["lang"],
        h1=json.loads(row["h1"]),
        h2=_json_list(row.get("h2"), empty),
        hreflang=[(lang, url) for lang, url in json.loads(hreflang)]
        if hreflang is not None
        else _json_list(None, empty),
        word_count=row["word_count"],
        text_hash=row.get("text_hash"),
        blocks=[TextBlock(*b) for b in json.loads(unpack_text(blocks))]
        if blocks
        else _json_list(None, empty),
        links=_json_list(None, empty),
        anchors=_json_list(row.get("anchors"), empty),
    )


def crawl_from_row(row: Row) -> CrawlRun:
    """A CrawlRun from a ``crawls`` row."""
    return CrawlRun(
        id=row["id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=row["status"],
        start_urls=json.loads(row["start_urls"]),
        config=json.loads(row["config"]),
        stats=json.loads(row["stats"]),
    )


def finding_from_row(row: Row) -> Finding:
    """A Finding from a row of the version 1-6 ``findings`` table."""
    return Finding(
        check=row["check_id"],
        severity=Severity(row["severity"]),
        url=row["url"],
        message=row["message"],
        element=row["element"],
        snippet=row["snippet"],
        fix=row["fix"],
        evidence=json.loads(row["evidence"]),
    )


def unpack_findings(data: bytes | bytearray | memoryview | str) -> list[Finding]:
    """The findings ``pack_findings`` packed (PackedTextError if the block is not one)."""
    rows = json.loads(unpack_text(data))
    try:
        return [
            Finding(check, Severity(severity), url, message, element, snippet, fix, evidence)
            for check, severity, url, message, element, snippet, fix, evidence in rows
        ]
    except (TypeError, ValueError) as exc:
        raise PackedTextError(f"a findings block of the wrong shape ({exc})") from None
