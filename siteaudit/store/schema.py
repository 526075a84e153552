"""The crawl store's tables (schema version 7), one definition for SQLite and PostgreSQL.

docs/storage.md documents them for other tools. The SQLite file keeps the types and layout
it always had (TEXT, INTEGER, REAL; WITHOUT ROWID tables keyed by crawl and URL), but for
what versions 3 and 5 made compact: each distinct URL is stored once in ``urls`` and each
distinct link text once in ``link_texts``, and links refer to them by id (``page_links``);
a page's text blocks are a zstd frame (``packing.py``), and since version 7 a crawl's findings
are zstd frames of a few thousand each (``finding_blocks``). The view ``links`` shows the links
with their URLs and texts, as the version 2 table did, for other tools.
"""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy import (
    REAL,
    Column,
    ColumnElement,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.types import TypeEngine

SCHEMA_VERSION = 7

# PostgreSQL compares text with "C" collation, bytewise as SQLite does, so ORDER BY and min()
# list pages in the same order on both backends.
TEXT = Text().with_variant(Text(collation="C"), "postgresql")
FLOAT: TypeEngine[float] = Double().with_variant(REAL(), "sqlite")
# JSON columns are TEXT holding a JSON document: readable by any SQLite tool, and the same
# bytes on both backends.
JSON_TEXT = TEXT

metadata = MetaData()


class _DialectOptions(TypedDict):
    sqlite_with_rowid: bool


_ROWID: _DialectOptions = {"sqlite_with_rowid": False}  # a natural key needs no hidden rowid


def _crawl_id() -> Column[int]:
    return Column("crawl_id", Integer, ForeignKey("crawls.id"), nullable=False)


meta = Table(
    "meta",
    metadata,
    Column("key", TEXT, primary_key=True),
    Column("value", TEXT, nullable=False),
)

crawls = Table(
    "crawls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", TEXT, nullable=False),
    Column("finished_at", TEXT),
    Column("status", TEXT, nullable=False),
    Column("start_urls", JSON_TEXT, nullable=False),
    Column("config", JSON_TEXT, nullable=False),
    Column("stats", JSON_TEXT, nullable=False, server_default="{}"),
    sqlite_autoincrement=True,  # ids are never reused, even after a crawl is deleted
)

pages = Table(
    "pages",
    metadata,
    _crawl_id(),
    Column("url", TEXT, nullable=False),
    Column("status", Integer, nullable=False),
    Column("error", TEXT),
    Column("content_type", TEXT),
    Column("resource_type", TEXT, nullable=False),
    Column("depth", Integer, nullable=False),
    Column("found_via", TEXT, nullable=False),
    Column("found_on", TEXT),
    Column("elapsed_ms", FLOAT),
    Column("size", Integer),
    Column("location", TEXT),
    Column("redirect_kind", TEXT),
    Column("encoding", TEXT),
    Column("is_html", Integer, nullable=False),  # 0/1, as SQLite stores booleans
    Column("title", TEXT),
    Column("title_count", Integer, nullable=False),
    Column("meta_description", TEXT),
    Column("meta_robots", TEXT),
    Column("x_robots_tag", TEXT),
    Column("canonical", TEXT),
    Column("lang", TEXT),
    Column("h1", JSON_TEXT, nullable=False),
    Column("h2", JSON_TEXT, nullable=False),
    Column("hreflang", JSON_TEXT, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("text_hash", TEXT),
    # A zstd frame of the JSON [[region, tag, text(, code)], ...] (packing.py); a store
    # written before version 3 may still hold the JSON text itself.
    Column("blocks", LargeBinary, nullable=False),
    Column("anchors", JSON_TEXT, nullable=False, server_default="[]"),
    PrimaryKeyConstraint("crawl_id", "url"),
    **_ROWID,
)

# The raw HTML of pages as served, one zstd frame each (packing.py), only for crawls run
# with ``store_html`` (version 4). Apart from ``pages``: no read of the analysis touches it.
page_html = Table(
    "page_html",
    metadata,
    _crawl_id(),
    Column("url", TEXT, nullable=False),
    Column("html", LargeBinary, nullable=False),
    PrimaryKeyConstraint("crawl_id", "url"),
    **_ROWID,
)

# Each distinct URL once: a link row refers to its source and target by id (a generated
# help page has ~70 links, whose two URL strings and the target index's copies were half of
# the version 2 store). Shared by every crawl of the store. PostgreSQL's B-tree refuses keys
# over ~2.7 KB, which a linked URL can exceed (a search link carrying a whole query, never
# fetched but stored): there a hash exclusion constraint keeps URLs unique (version 6).
urls = Table(
    "urls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", TEXT, nullable=False),
    UniqueConstraint("url").ddl_if(dialect="sqlite"),
    ExcludeConstraint(("url", "="), using="hash", name="urls_url_excl").ddl_if(
        dialect="postgresql"
    ),
)

# Each distinct link text once (version 5): menus, footers and related lists repeat the same
# few thousand texts on every page (a generated 10,000-page site: 9,076 texts, 734,403 links).
# Shared by every crawl of the store. PostgreSQL's B-tree refuses keys over ~2.7 KB, which a
# link wrapping a whole card can exceed: there a hash exclusion constraint keeps texts unique.
link_texts = Table(
    "link_texts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", TEXT, nullable=False),
    UniqueConstraint("text").ddl_if(dialect="sqlite"),
    ExcludeConstraint(("text", "="), using="hash").ddl_if(dialect="postgresql"),
)


def _page_links(meta_data: MetaData, text: Column[object]) -> Table:
    """``page_links`` with the link text column ``text`` (an id since version 5)."""
    return Table(
        "page_links",
        meta_data,
        _crawl_id(),
        Column("source_id", Integer, ForeignKey("urls.id"), nullable=False),
        Column("position", Integer, nullable=False),
        Column("target_id", Integer, ForeignKey("urls.id"), nullable=False),
        Column("kind", TEXT, nullable=False),
        text,
        Column("region", TEXT, nullable=False),
        Column("nofollow", Integer, nullable=False),
        Column("fragment", TEXT),
        Column("line", Integer),
        Column("col", Integer),
        PrimaryKeyConstraint("crawl_id", "source_id", "position"),
        **_ROWID,
    )


# NULL text_id: no text at all (an <img> without alt); an empty text has its own row.
page_links = _page_links(metadata, Column("text_id", Integer, ForeignKey("link_texts.id")))

# The links with their URLs, as schema version 2 stored them: a view over page_links since
# version 3 (a table in older files; ``legacy`` keeps that table's definition for their
# migrations, and this one names the view's columns).
legacy = MetaData()
# page_links as versions 3 and 4 had it, each link's text inline (the version 3 migration
# creates it, the version 5 one moves the texts into link_texts); with the tables its keys
# refer to.
crawls.to_metadata(legacy)
urls.to_metadata(legacy)
page_links_v4 = _page_links(legacy, Column("text", TEXT))
links = Table(
    "links",
    legacy,
    _crawl_id(),
    Column("source", TEXT, nullable=False),
    Column("position", Integer, nullable=False),
    Column("target", TEXT, nullable=False),
    Column("kind", TEXT, nullable=False),
    Column("text", TEXT),
    Column("region", TEXT, nullable=False),
    Column("nofollow", Integer, nullable=False),
    Column("fragment", TEXT),
    Column("line", Integer),
    Column("col", Integer),
    PrimaryKeyConstraint("crawl_id", "source", "position"),
)
LINKS_VIEW = (
    "SELECT l.crawl_id AS crawl_id, s.url AS source, l.position AS position, t.url AS target, "
    "l.kind AS kind, x.text AS text, l.region AS region, l.nofollow AS nofollow, "
    "l.fragment AS fragment, l.line AS line, l.col AS col "
    "FROM page_links l JOIN urls s ON s.id = l.source_id JOIN urls t ON t.id = l.target_id "
    "LEFT JOIN link_texts x ON x.id = l.text_id"
)

sitemap_urls = Table(
    "sitemap_urls",
    metadata,
    _crawl_id(),
    Column("url", TEXT, nullable=False),
    Column("sitemap", TEXT, nullable=False),
    Column("lastmod", TEXT),
    PrimaryKeyConstraint("crawl_id", "url", "sitemap").ddl_if(dialect="sqlite"),
    **_ROWID,
)

events = Table(
    "events",
    metadata,
    _crawl_id(),
    Column("kind", TEXT, nullable=False),
    Column("url", TEXT, nullable=False),
    Column("detail", TEXT, nullable=False),
    PrimaryKeyConstraint("crawl_id", "kind", "url").ddl_if(dialect="sqlite"),
    **_ROWID,
)

# The same for keys holding a URL that may never have been fetched (an event about a URL too
# long to fetch, a sitemap's entry): on PostgreSQL, a unique index on the URL's md5 stands in
# for the primary key (version 6). Key columns in order; the hashed ones.
HASHED_URL_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    sitemap_urls.name: (("crawl_id", "url", "sitemap"), ("url",)),
    events.name: (("crawl_id", "kind", "url"), ("url",)),
}


def hashed_key_elements(table: Table) -> list[ColumnElement[object] | str]:
    """The ON CONFLICT target of ``table``'s PostgreSQL key (see HASHED_URL_KEYS)."""
    names, hashed = HASHED_URL_KEYS[table.name]
    return [func.md5(table.c[name]) if name in hashed else name for name in names]


def hashed_key_ddl(table: Table) -> str:
    """CREATE UNIQUE INDEX for ``table``'s PostgreSQL key (see HASHED_URL_KEYS)."""
    names, hashed = HASHED_URL_KEYS[table.name]
    parts = ", ".join(f"md5({name})" if name in hashed else name for name in names)
    return f"CREATE UNIQUE INDEX IF NOT EXISTS {table.name}_key ON {table.name} ({parts})"


# A crawl's findings (version 7): FINDING_BLOCK of them a row, one zstd frame of a JSON list
# each (``rows.pack_findings``). They are always read and replaced a crawl at a time, and
# their URLs and texts repeat from one finding to the next: at 100,000 pages the blocks
# took 15 MB where a row each (versions 1-6, ``legacy`` below) took 560 MB with its index.
FINDING_BLOCK = 2_000
finding_blocks = Table(
    "finding_blocks",
    metadata,
    _crawl_id(),
    Column("block", Integer, nullable=False),  # 0, 1, ...: the findings' order
    Column("findings", Integer, nullable=False),  # how many the block holds
    Column("data", LargeBinary, nullable=False),
    PrimaryKeyConstraint("crawl_id", "block"),
    **_ROWID,
)

# The findings table of versions 1-6, a row each (the version 7 migration packs its rows).
findings_v6 = Table(
    "findings",
    legacy,
    _crawl_id(),
    Column("check_id", TEXT, nullable=False),
    Column("severity", TEXT, nullable=False),
    Column("url", TEXT, nullable=False),
    Column("message", TEXT, nullable=False),
    Column("element", TEXT),
    Column("snippet", TEXT),
    Column("fix", TEXT),
    Column("evidence", JSON_TEXT, nullable=False),
)

# Readers look links up by target (inbound links, links to failing pages); a lone crawl into
# SQLite drops this index while it writes and builds it once at the end (see Store).
links_target = Index("links_target", page_links.c.crawl_id, page_links.c.target_id)
READ_INDEXES = (links_target,)
