"""The crawl store: every crawl of a site kept in SQLite (one file per output folder) or in
a PostgreSQL database shared by several crawl workers.

The schema is versioned (``meta.schema_version``) and documented in README.md so other
tools can read it; both backends hold the same tables and columns. Writes come in batches
from the crawler's item pipeline; every write is an upsert so a resumed crawl (or a second
worker) can re-deliver a page without creating duplicate rows.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring, encode_basestring_ascii
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from siteaudit.core.extras import require_extra
from siteaudit.core.records import (
    CrawlEvent,
    CrawlRun,
    Finding,
    Link,
    Page,
    Severity,
    SitemapEntry,
    TextBlock,
)

SCHEMA_VERSION = 2
DB_NAME = "siteaudit.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    start_urls TEXT NOT NULL,
    config TEXT NOT NULL,
    stats TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS pages (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    error TEXT,
    content_type TEXT,
    resource_type TEXT NOT NULL,
    depth INTEGER NOT NULL,
    found_via TEXT NOT NULL,
    found_on TEXT,
    elapsed_ms REAL,
    size INTEGER,
    location TEXT,
    redirect_kind TEXT,
    encoding TEXT,
    is_html INTEGER NOT NULL,
    title TEXT,
    title_count INTEGER NOT NULL,
    meta_description TEXT,
    meta_robots TEXT,
    x_robots_tag TEXT,
    canonical TEXT,
    lang TEXT,
    h1 TEXT NOT NULL,
    h2 TEXT NOT NULL,
    hreflang TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    text_hash TEXT,
    blocks TEXT NOT NULL,
    anchors TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (crawl_id, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    source TEXT NOT NULL,
    position INTEGER NOT NULL,
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT,
    region TEXT NOT NULL,
    nofollow INTEGER NOT NULL,
    fragment TEXT,
    line INTEGER,
    col INTEGER,
    PRIMARY KEY (crawl_id, source, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_target ON links (crawl_id, target);
CREATE TABLE IF NOT EXISTS sitemap_urls (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    url TEXT NOT NULL,
    sitemap TEXT NOT NULL,
    lastmod TEXT,
    PRIMARY KEY (crawl_id, url, sitemap)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (crawl_id, kind, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id),
    check_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    url TEXT NOT NULL,
    message TEXT NOT NULL,
    element TEXT,
    snippet TEXT,
    fix TEXT,
    evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_crawl ON findings (crawl_id, check_id);
"""

_PAGE_COLUMNS = (
    "crawl_id, url, status, error, content_type, resource_type, depth, found_via, found_on, "
    "elapsed_ms, size, location, redirect_kind, encoding, is_html, title, title_count, "
    "meta_description, meta_robots, x_robots_tag, canonical, lang, h1, h2, hreflang, "
    "word_count, text_hash, blocks, anchors"
)
_LINK_COLUMNS = "source, target, kind, text, region, nofollow, position, fragment, line, col"
# Columns added after version 1, per table: an older database gets them on open.
_ADDED_COLUMNS = {
    "pages": [("anchors", "TEXT NOT NULL DEFAULT '[]'")],
    "links": [("fragment", "TEXT"), ("line", "INTEGER"), ("col", "INTEGER")],
}


# Indexes only readers need. A crawl into a SQLite store that holds no other crawl's links
# drops them and builds them once at its end: one sorted build costs about a third of one
# random B-tree insert per link (~70 a page). _SCHEMA still creates them, so any later
# open of a store whose crawl was killed mid-way restores them.
_READ_INDEXES = {
    "links_target": "CREATE INDEX IF NOT EXISTS links_target ON links (crawl_id, target)",
}
# One encoder for every row: json.dumps(..., ensure_ascii=False) builds a new one per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode

_PAGE_KEY = ("crawl_id", "url")
_LINK_ROW = ("crawl_id", *(c.strip() for c in _LINK_COLUMNS.split(",")))
# PostgreSQL gets the same tables; "C" collation makes ORDER BY and min() compare bytes,
# as SQLite does, so both backends list pages in the same order.
_PG_SCHEMA = (
    _SCHEMA.replace(
        "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    )
    .replace(" WITHOUT ROWID", "")
    .replace(" REAL", " DOUBLE PRECISION")
    .replace(" TEXT", ' TEXT COLLATE "C"')
)
_PG_SCHEMA_LOCK = 7_411_301  # pg_advisory_xact_lock key: workers opening at once create it once


class StoreError(Exception):
    """The store cannot be opened or written (missing, read-only, corrupt, newer schema)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _upsert_sql(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """One INSERT ... ON CONFLICT DO UPDATE that SQLite (3.24+) and PostgreSQL both accept."""
    updates = ", ".join(f"{c}=excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


_UPSERT_PAGE = _upsert_sql("pages", [c.strip() for c in _PAGE_COLUMNS.split(",")], _PAGE_KEY)
_UPSERT_LINK = _upsert_sql("links", _LINK_ROW, ("crawl_id", "source", "position"))
_UPSERT_SITEMAP = _upsert_sql(
    "sitemap_urls", ("crawl_id", "url", "sitemap", "lastmod"), ("crawl_id", "url", "sitemap")
)
_UPSERT_EVENT = _upsert_sql(
    "events", ("crawl_id", "kind", "url", "detail"), ("crawl_id", "kind", "url")
)
_UPSERT_META = _upsert_sql("meta", ("key", "value"), ("key",))


def is_database_url(target: Path | str) -> bool:
    """Whether ``target`` names a database server (``postgresql://...``), not a file."""
    return str(target).startswith(("postgresql://", "postgresql+psycopg://", "postgres://"))


def _redacted(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


class DriverSQL:
    """``store.db``: run SQLite-style SQL (``?`` parameters) on either backend.

    Kept so code written against the sqlite3 connection keeps working; new queries belong
    in Store methods.
    """

    def __init__(self, conn: Connection, *, postgres: bool) -> None:
        self._conn = conn
        self._postgres = postgres

    def _sql(self, sql: str, has_params: bool) -> str:
        if not self._postgres:
            return sql
        if has_params:
            sql = sql.replace("%", "%%")
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> CursorResult[Any]:
        """Run one statement; the result iterates and fetches like a sqlite3 cursor."""
        params = tuple(params)
        return self._conn.exec_driver_sql(self._sql(sql, bool(params)), params or None)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per row (nothing when there are no rows)."""
        batch = [tuple(r) for r in rows]
        if batch:
            self._conn.exec_driver_sql(self._sql(sql, True), batch)

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> DriverSQL:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self._conn.commit()
        else:
            self._conn.rollback()


@dataclass(slots=True)
class PageRows:
    """Pages of one crawl as rows, ready for ``Store.add_page_rows``.

    A crawl turns each page into rows as it arrives: rows of strings and numbers are
    invisible to the cyclic garbage collector, while hundreds of buffered Page, Link and
    TextBlock objects made every collection walk them (~10% of the crawl's CPU).
    """

    crawl_id: int
    pages: list[tuple[object, ...]] = field(default_factory=list)
    links: list[tuple[object, ...]] = field(default_factory=list)

    def add(self, page: Page) -> None:
        crawl_id, url = self.crawl_id, page.url
        self.pages.append(_page_row(crawl_id, page))
        self.links.extend(
            (
                crawl_id,
                url,
                ln.target,
                ln.kind,
                ln.text,
                str(ln.region),  # a Region member would keep the row tracked by the GC
                int(ln.nofollow),
                ln.position,
                ln.fragment,
                ln.line,
                ln.column,
            )
            for ln in page.links
        )

    def __len__(self) -> int:
        return len(self.pages)


class Store:
    """Read and write crawls in one SQLite file or one PostgreSQL database."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        target = str(path)
        self.postgres = is_database_url(target)
        if self.postgres:
            require_extra("scale", "a PostgreSQL store", ("psycopg",))
            url = re.sub(r"^(postgresql|postgres)(\+psycopg)?://", "postgresql+psycopg://", target)
            self.location = _redacted(target)
            self.path = Path(self.location)
        else:
            file = target.removeprefix("sqlite:///")
            self.path = Path(file)
            self.location = str(self.path)
            url = f"sqlite:///{self.path}"
            if not create and not self.path.exists():
                raise StoreError(f"no crawl database at {self.path}")
        self.url = target
        try:
            args = {} if self.postgres else {"timeout": 30}
            self._engine = create_engine(url, poolclass=NullPool, connect_args=args)
            self._conn = self._engine.connect()
            self.db = DriverSQL(self._conn, postgres=self.postgres)
            if self.postgres:
                self._open_postgres()
            else:
                self._open_sqlite()
        except (sqlite3.Error, SQLAlchemyError) as exc:
            raise StoreError(f"cannot open {self.location}: {exc}") from exc

    @classmethod
    def in_folder(cls, folder: Path | str, *, create: bool = True) -> Store:
        """The store of an output folder (``<folder>/siteaudit.db``)."""
        return cls(Path(folder) / DB_NAME, create=create)

    @classmethod
    def open(
        cls, folder: Path | str, store_url: str | None = None, *, create: bool = True
    ) -> Store:
        """The store at ``store_url`` if given, else the output folder's SQLite file."""
        if store_url:
            return cls(store_url, create=create)
        return cls.in_folder(folder, create=create)

    def _open_sqlite(self) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._check_version()
        raw = self._conn.connection.driver_connection
        assert raw is not None
        raw.executescript(_SCHEMA)
        self._conn.commit()

    def _open_postgres(self) -> None:
        with self._transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (_PG_SCHEMA_LOCK,))
            for statement in _PG_SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self._check_version()

    def _check_version(self) -> None:
        """Refuse a newer database; bring an older one up to SCHEMA_VERSION."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location} has schema version {row[0]}; this siteaudit reads up to "
                f"{SCHEMA_VERSION}: upgrade siteaudit"
            )
        if row is not None and int(row[0]) == SCHEMA_VERSION:
            return  # the common case: no write, so opening never takes the write lock
        if row is not None:
            self._migrate()
        with self._transaction():
            self.db.execute(_UPSERT_META, ("schema_version", str(SCHEMA_VERSION)))

    def _migrate(self) -> None:
        # Only SQLite files predate version 2; PostgreSQL support started at version 2.
        with self._transaction():
            for table, columns in _ADDED_COLUMNS.items():
                present = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                for name, decl in columns:
                    if present and name not in present:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._conn.rollback()
            raise
        else:
            self._conn.commit()

    def close(self) -> None:
        self._conn.close()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- crawls ------------------------------------------------------------------------

    def begin_crawl(self, start_urls: list[str], config: dict[str, object]) -> int:
        """Record a new crawl as running and return its id."""
        with self._transaction():
            row = self.db.execute(
                "INSERT INTO crawls (started_at, status, start_urls, config) VALUES (?,?,?,?) "
                "RETURNING id",
                (_now(), "running", json.dumps(start_urls), json.dumps(config, default=str)),
            ).fetchone()
        return int(row[0])

    def resume_crawl(self, crawl_id: int) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE crawls SET status='running', finished_at=NULL WHERE id=?", (crawl_id,)
            )

    def finish_crawl(self, crawl_id: int, status: str, stats: dict[str, object]) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE crawls SET status=?, finished_at=?, stats=? WHERE id=?",
                (status, _now(), json.dumps(stats, default=str), crawl_id),
            )

    def update_stats(self, crawl_id: int, stats: dict[str, object]) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE crawls SET stats=? WHERE id=?",
                (json.dumps(stats, default=str), crawl_id),
            )

    def crawls(self) -> list[CrawlRun]:
        rows = self.db.execute("SELECT * FROM crawls ORDER BY id").fetchall()
        return [
            CrawlRun(
                id=r[0],
                started_at=r[1],
                finished_at=r[2],
                status=r[3],
                start_urls=json.loads(r[4]),
                config=json.loads(r[5]),
                stats=json.loads(r[6]),
            )
            for r in rows
        ]

    def crawl(self, crawl_id: int | None = None) -> CrawlRun:
        """One crawl by id, or the latest one."""
        runs = self.crawls()
        if not runs:
            raise StoreError(f"{self.location} holds no crawl")
        if crawl_id is None:
            return runs[-1]
        for run in runs:
            if run.id == crawl_id:
                return run
        raise StoreError(f"{self.location} has no crawl {crawl_id}")

    # -- writes (batched by the caller) -------------------------------------------------

    def add_pages(self, crawl_id: int, pages: Iterable[Page]) -> None:
        """Upsert pages with their links, in one transaction."""
        batch = PageRows(crawl_id)
        for page in pages:
            batch.add(page)
        self.add_page_rows(batch)

    def add_page_rows(self, batch: PageRows) -> None:
        """Upsert pages already turned into rows (see PageRows), in one transaction."""
        with self._transaction():
            self.db.executemany(_UPSERT_PAGE, batch.pages)
            self.db.executemany(_UPSERT_LINK, batch.links)

    def defer_read_indexes(self, crawl_id: int) -> bool:
        """Drop the read-only indexes before a bulk write of ``crawl_id``; True if dropped.

        SQLite only, and only while no other crawl has links stored (rebuilding their
        entries would cost more than it saves). Call ``build_read_indexes`` when done.
        """
        if self.postgres:
            return False
        for other in ("crawl_id < ?", "crawl_id > ?"):
            if self.db.execute(f"SELECT 1 FROM links WHERE {other} LIMIT 1", (crawl_id,)).first():
                return False
        with self._transaction():
            for name in _READ_INDEXES:
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
        return True

    def build_read_indexes(self) -> None:
        """Create the read-only indexes ``defer_read_indexes`` dropped."""
        with self._transaction():
            for sql in _READ_INDEXES.values():
                self.db.execute(sql)

    def add_sitemap_entries(self, crawl_id: int, entries: Iterable[SitemapEntry]) -> None:
        with self._transaction():
            self.db.executemany(
                _UPSERT_SITEMAP, ((crawl_id, e.url, e.sitemap, e.lastmod) for e in entries)
            )

    def add_events(self, crawl_id: int, events: Iterable[CrawlEvent]) -> None:
        with self._transaction():
            self.db.executemany(
                _UPSERT_EVENT, ((crawl_id, e.kind, e.url, e.detail) for e in events)
            )

    def replace_findings(self, crawl_id: int, findings: Iterable[Finding]) -> None:
        """Store the latest analysis of a crawl, replacing any earlier one."""
        with self._transaction():
            self.db.execute("DELETE FROM findings WHERE crawl_id=?", (crawl_id,))
            self.db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    (
                        crawl_id,
                        f.check,
                        str(f.severity),
                        f.url,
                        f.message,
                        f.element,
                        f.snippet,
                        f.fix,
                        json.dumps(f.evidence, default=str),
                    )
                    for f in findings
                ),
            )

    # -- reads ---------------------------------------------------------------------------

    def pages(
        self, crawl_id: int, *, with_links: bool = False, with_blocks: bool = True
    ) -> Iterator[Page]:
        """Stream the pages of a crawl in URL order (links and text blocks on request)."""
        columns = _PAGE_COLUMNS if with_blocks else _PAGE_COLUMNS.replace("blocks", "'[]'")
        cur = self.db.execute(
            f"SELECT {columns} FROM pages WHERE crawl_id=? ORDER BY url", (crawl_id,)
        )
        links_by_source = self._links_by_source(crawl_id) if with_links else None
        for row in cur:
            page = _row_page(row)
            if links_by_source is not None:
                page.links = links_by_source.get(page.url, [])
            yield page

    def _links_by_source(self, crawl_id: int) -> dict[str, list[Link]]:
        grouped: dict[str, list[Link]] = {}
        for link in self.links(crawl_id):
            grouped.setdefault(link.source, []).append(link)
        return grouped

    def links(self, crawl_id: int) -> Iterator[Link]:
        cur = self.db.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE crawl_id=? ORDER BY source, position",
            (crawl_id,),
        )
        for row in cur:
            yield _row_link(row)

    def link_edges(self, crawl_id: int) -> Iterator[tuple[str, str, str, int]]:
        """(source, target, region, nofollow) of every <a> link, in page order.

        Plain rows straight from the cursor, no Link objects: the graph reads millions.
        """
        result = self.db.execute(
            "SELECT source, target, region, nofollow FROM links WHERE crawl_id=? AND kind='a' "
            "ORDER BY source, position",
            (crawl_id,),
        )
        try:
            yield from result.cursor  # the driver's cursor: tuples without per-row wrapping
        finally:
            result.close()

    def related_links_to(self, crawl_id: int, targets: Iterable[str]) -> list[Link]:
        """Related-list links to the given targets, in page order, found through the
        target index: checks about a few special targets need not read every link."""
        wanted = sorted(set(targets))
        hint = "" if self.postgres else " INDEXED BY links_target"
        found: list[Link] = []
        for chunk, marks in _in_chunks(wanted):
            cur = self.db.execute(
                f"SELECT {_LINK_COLUMNS} FROM links{hint} WHERE crawl_id=? AND region='related' "
                f"AND target IN ({marks})",
                (crawl_id, *chunk),
            )
            found.extend(_row_link(row) for row in cur)
        found.sort(key=lambda link: (link.source, link.position))
        return found

    def links_with_fragments(self, crawl_id: int) -> Iterator[Link]:
        """Links whose href carries a "#fragment", in page order."""
        cur = self.db.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE crawl_id=? AND fragment IS NOT NULL "
            "AND fragment != '' ORDER BY source, position",
            (crawl_id,),
        )
        for row in cur:
            yield _row_link(row)

    def anchors(self, crawl_id: int, urls: Iterable[str]) -> dict[str, set[str]]:
        """The id/name values of the given pages (only pages stored with anchors)."""
        found: dict[str, set[str]] = {}
        wanted = list(dict.fromkeys(urls))
        for chunk, marks in _in_chunks(wanted):
            cur = self.db.execute(
                f"SELECT url, anchors FROM pages WHERE crawl_id=? AND url IN ({marks})",
                (crawl_id, *chunk),
            )
            for url, anchors in cur:
                found[url] = set(json.loads(anchors))
        return found

    def links_to_non_ok(self, crawl_id: int) -> Iterator[tuple[Link, Page]]:
        """Every link whose target was fetched and did not answer 2xx, with that target."""
        # SQLite: CROSS JOIN fixes the loop order: the few failing pages drive index lookups
        # into links, instead of probing pages once per link (100x slower). PostgreSQL's
        # planner finds that order itself.
        join = "JOIN links l" if self.postgres else "CROSS JOIN links l INDEXED BY links_target"
        cur = self.db.execute(
            f"SELECT {', '.join('l.' + c.strip() for c in _LINK_COLUMNS.split(','))}, "
            f"{', '.join('p.' + c.strip() for c in _PAGE_COLUMNS.split(','))} "
            f"FROM pages p {join} "
            "ON l.crawl_id = p.crawl_id AND l.target = p.url "
            "WHERE p.crawl_id = ? AND NOT (p.status BETWEEN 200 AND 299) "
            "ORDER BY l.source, l.position",
            (crawl_id,),
        )
        for row in cur:
            yield _row_link(row[:10]), _row_page(row[10:])

    def related_links(self, crawl_id: int) -> Iterator[Link]:
        """Links that sit in related-article lists."""
        cur = self.db.execute(
            f"SELECT {_LINK_COLUMNS} FROM links "
            "WHERE crawl_id=? AND region='related' ORDER BY source, position",
            (crawl_id,),
        )
        for row in cur:
            yield _row_link(row)

    def images_without_alt(self, crawl_id: int) -> list[tuple[str, str]]:
        """(page, image URL) for every <img> that has no alt attribute at all."""
        cur = self.db.execute(
            "SELECT source, target FROM links WHERE crawl_id=? AND kind='img' AND text IS NULL "
            "ORDER BY source, position",
            (crawl_id,),
        )
        return [(str(s), str(t)) for s, t in cur]

    def related_positions(self, crawl_id: int, source: str) -> list[int]:
        """Positions of a page's related-list links, in page order."""
        cur = self.db.execute(
            "SELECT position FROM links WHERE crawl_id=? AND source=? AND region='related' "
            "AND kind='a' ORDER BY position",
            (crawl_id, source),
        )
        return [row[0] for row in cur]

    def inbound_counts(self, crawl_id: int, urls: Iterable[str]) -> dict[str, int]:
        """For the given URLs only: how many other pages link to each with an <a>."""
        counts = {}
        hint = "" if self.postgres else " INDEXED BY links_target"
        for url in urls:
            row = self.db.execute(
                f"SELECT count(DISTINCT source) FROM links{hint} "
                "WHERE crawl_id=? AND target=? AND kind='a' AND source != target",
                (crawl_id, url),
            ).fetchone()
            counts[url] = int(row[0])
        return counts

    def inbound_sources(self, crawl_id: int) -> dict[str, int]:
        """For each link target: how many other pages link to it with an <a>."""
        # Counted while reading the links in their stored (source) order: grouping by target
        # in SQL reads the table once per link through the target index, 4x slower.
        counts: dict[str, int] = {}
        last_source: dict[str, str] = {}
        cur = self.db.execute(
            "SELECT source, target FROM links "
            "WHERE crawl_id=? AND kind='a' AND source != target ORDER BY source",
            (crawl_id,),
        )
        for source, target in cur:
            if last_source.get(target) != source:
                last_source[target] = source
                counts[target] = counts.get(target, 0) + 1
        return dict(sorted(counts.items()))

    def sitemap_entries(self, crawl_id: int) -> list[SitemapEntry]:
        cur = self.db.execute(
            "SELECT url, sitemap, lastmod FROM sitemap_urls WHERE crawl_id=? ORDER BY url",
            (crawl_id,),
        )
        return [SitemapEntry(*row) for row in cur]

    def events(self, crawl_id: int) -> list[CrawlEvent]:
        cur = self.db.execute(
            "SELECT kind, url, detail FROM events WHERE crawl_id=? ORDER BY kind, url",
            (crawl_id,),
        )
        return [CrawlEvent(*row) for row in cur]

    def findings(self, crawl_id: int) -> list[Finding]:
        cur = self.db.execute(
            "SELECT check_id, severity, url, message, element, snippet, fix, evidence "
            "FROM findings WHERE crawl_id=?",
            (crawl_id,),
        )
        return [
            Finding(c, Severity(sev), url, msg, el, snip, fix, json.loads(ev))
            for c, sev, url, msg, el, snip, fix, ev in cur
        ]

    def count_pages(self, crawl_id: int) -> int:
        row = self.db.execute("SELECT count(*) FROM pages WHERE crawl_id=?", (crawl_id,))
        return int(row.fetchone()[0])

    def count_links(self, crawl_id: int) -> int:
        row = self.db.execute("SELECT count(*) FROM links WHERE crawl_id=?", (crawl_id,))
        return int(row.fetchone()[0])

    def listing_pages(self, crawl_id: int, min_links: int) -> set[str]:
        """Pages with at least ``min_links`` <a> links in their main content."""
        cur = self.db.execute(
            "SELECT source FROM links WHERE crawl_id=? AND kind='a' AND region='main' "
            "GROUP BY source HAVING count(*) >= ?",
            (crawl_id, min_links),
        )
        return {str(row[0]) for row in cur}

    def page_text_rows(
        self, crawl_id: int, urls: Iterable[str] | None = None, *, batch: int = 500
    ) -> Iterator[tuple[Any, ...]]:
        """(url, title, meta_description, h1, blocks, canonical, meta_robots, x_robots_tag,
        lang) of HTML pages that answered 200, in URL order (or only ``urls``)."""
        query = (
            "SELECT url, title, meta_description, h1, blocks, canonical, meta_robots, "
            "x_robots_tag, lang FROM pages WHERE crawl_id=? AND status=200 AND is_html=1 "
            "AND resource_type='page'"
        )
        if urls is None:
            for row in self.db.execute(query + " ORDER BY url", (crawl_id,)):
                yield tuple(row)
            return
        wanted = sorted(set(urls))
        for chunk, marks in _in_chunks(wanted, batch):
            cur = self.db.execute(f"{query} AND url IN ({marks}) ORDER BY url", (crawl_id, *chunk))
            for row in cur:
                yield tuple(row)

    def anchor_texts(self, crawl_id: int, source: str) -> set[str]:
        """The texts of a page's <a> links."""
        cur = self.db.execute(
            "SELECT text FROM links WHERE crawl_id=? AND source=? AND kind='a' "
            "AND text IS NOT NULL",
            (crawl_id, source),
        )
        return {str(row[0]) for row in cur}

    def distinct_anchor_texts(self, crawl_id: int) -> list[str]:
        """Every non-empty <a> text of the crawl, once each."""
        cur = self.db.execute(
            "SELECT DISTINCT text FROM links WHERE crawl_id=? AND kind='a' AND text != ''",
            (crawl_id,),
        )
        return [str(row[0]) for row in cur if row[0]]

    def template_anchor_spread(
        self, crawl_id: int, texts: Sequence[str]
    ) -> list[tuple[str, str, str, int]]:
        """For these <a> texts in nav/header/footer: (text, region, first page, pages)."""
        cur = self.db.execute(
            "SELECT text, region, min(source), count(DISTINCT source) FROM links "
            f"WHERE crawl_id=? AND kind='a' AND text IN ({','.join('?' * len(texts))}) "
            "AND region IN ('nav','header','footer') GROUP BY text, region",
            (crawl_id, *texts),
        )
        return [(str(t), str(r), str(s), int(n)) for t, r, s, n in cur]

    def anchors_with_texts(
        self, crawl_id: int, texts: Sequence[str]
    ) -> Iterator[tuple[str, str, str]]:
        """(source, text, region) of the <a> links with these texts, in page order."""
        cur = self.db.execute(
            "SELECT source, text, region FROM links WHERE crawl_id=? AND kind='a' "
            f"AND text IN ({','.join('?' * len(texts))}) ORDER BY source, position",
            (crawl_id, *texts),
        )
        for source, text, region in cur:
            yield str(source), str(text), str(region)


def _in_chunks(values: list[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """``values`` in chunks for ``IN (?, ...)`` lists, each with its placeholders: SQLite
    caps the parameters of one statement."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def _page_row(crawl_id: int, p: Page) -> tuple[object, ...]:
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
        _blocks_json(p.blocks),
        _to_json(p.anchors),
    )


def _blocks_json(blocks: list[TextBlock]) -> str:
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


def _row_link(row: tuple[object, ...]) -> Link:
    s, t, kind, text, region, nofollow, pos, fragment, line, col = row
    return Link(
        str(s),
        str(t),
        str(kind),
        text,  # type: ignore[arg-type]
        str(region),
        bool(nofollow),
        int(pos),  # type: ignore[call-overload]
        fragment,  # type: ignore[arg-type]
        line,  # type: ignore[arg-type]
        col,  # type: ignore[arg-type]
    )


def _row_page(row: tuple[object, ...]) -> Page:
    (
        _crawl_id,
        url,
        status,
        error,
        content_type,
        resource_type,
        depth,
        found_via,
        found_on,
        elapsed_ms,
        size,
        location,
        redirect_kind,
        encoding,
        is_html,
        title,
        title_count,
        meta_description,
        meta_robots,
        x_robots_tag,
        canonical,
        lang,
        h1,
        h2,
        hreflang,
        word_count,
        text_hash,
        blocks,
        anchors,
    ) = row
    return Page(
        url=str(url),
        status=int(status),  # type: ignore[arg-type]
        error=error,  # type: ignore[arg-type]
        content_type=content_type,  # type: ignore[arg-type]
        resource_type=str(resource_type),
        depth=int(depth),  # type: ignore[arg-type]
        found_via=str(found_via),
        found_on=found_on,  # type: ignore[arg-type]
        elapsed_ms=elapsed_ms,  # type: ignore[arg-type]
        size=size,  # type: ignore[arg-type]
        location=location,  # type: ignore[arg-type]
        redirect_kind=redirect_kind,  # type: ignore[arg-type]
        encoding=encoding,  # type: ignore[arg-type]
        is_html=bool(is_html),
        title=title,  # type: ignore[arg-type]
        title_count=int(title_count),  # type: ignore[arg-type]
        meta_description=meta_description,  # type: ignore[arg-type]
        meta_robots=meta_robots,  # type: ignore[arg-type]
        x_robots_tag=x_robots_tag,  # type: ignore[arg-type]
        canonical=canonical,  # type: ignore[arg-type]
        lang=lang,  # type: ignore[arg-type]
        h1=json.loads(h1),  # type: ignore[arg-type]
        h2=json.loads(h2),  # type: ignore[arg-type]
        hreflang=[tuple(x) for x in json.loads(hreflang)],  # type: ignore[arg-type]
        word_count=int(word_count),  # type: ignore[arg-type]
        text_hash=text_hash,  # type: ignore[arg-type]
        blocks=[TextBlock(*b) for b in json.loads(blocks)],  # type: ignore[arg-type]
        anchors=json.loads(anchors),  # type: ignore[arg-type]
    )
