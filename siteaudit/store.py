"""The crawl store: one SQLite file per output folder, every crawl of the site kept.

The schema is versioned (``meta.schema_version``) and documented in README.md so other
tools can read it. Writes come in batches from the crawler's item pipeline; every write
is an upsert so a resumed crawl can re-deliver a page without creating duplicate rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from siteaudit.records import (
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


class StoreError(Exception):
    """The store cannot be opened or written (missing, read-only, corrupt, newer schema)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Read and write crawls in one SQLite database."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no crawl database at {self.path}")
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._check_version()
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc

    @classmethod
    def in_folder(cls, folder: Path | str, *, create: bool = True) -> Store:
        """The store of an output folder (``<folder>/siteaudit.db``)."""
        return cls(Path(folder) / DB_NAME, create=create)

    def _check_version(self) -> None:
        """Refuse a newer database; bring an older one up to SCHEMA_VERSION."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is not None and int(row[0]) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {row[0]}; this siteaudit reads up to "
                f"{SCHEMA_VERSION}: upgrade siteaudit"
            )
        if row is not None and int(row[0]) == SCHEMA_VERSION:
            return  # the common case: no write, so opening never takes the write lock
        if row is not None:
            self._migrate()
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    def _migrate(self) -> None:
        with self.db:
            for table, columns in _ADDED_COLUMNS.items():
                present = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                for name, decl in columns:
                    if present and name not in present:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- crawls ------------------------------------------------------------------------

    def begin_crawl(self, start_urls: list[str], config: dict[str, object]) -> int:
        """Record a new crawl as running and return its id."""
        with self.db:
            cur = self.db.execute(
                "INSERT INTO crawls (started_at, status, start_urls, config) VALUES (?,?,?,?)",
                (_now(), "running", json.dumps(start_urls), json.dumps(config, default=str)),
            )
        return int(cur.lastrowid or 0)

    def resume_crawl(self, crawl_id: int) -> None:
        with self.db:
            self.db.execute(
                "UPDATE crawls SET status='running', finished_at=NULL WHERE id=?", (crawl_id,)
            )

    def finish_crawl(self, crawl_id: int, status: str, stats: dict[str, object]) -> None:
        with self.db:
            self.db.execute(
                "UPDATE crawls SET status=?, finished_at=?, stats=? WHERE id=?",
                (status, _now(), json.dumps(stats, default=str), crawl_id),
            )

    def update_stats(self, crawl_id: int, stats: dict[str, object]) -> None:
        with self.db:
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
            raise StoreError(f"{self.path} holds no crawl")
        if crawl_id is None:
            return runs[-1]
        for run in runs:
            if run.id == crawl_id:
                return run
        raise StoreError(f"{self.path} has no crawl {crawl_id}")

    # -- writes (batched by the caller) -------------------------------------------------

    def add_pages(self, crawl_id: int, pages: Iterable[Page]) -> None:
        """Upsert pages with their links, in one transaction."""
        page_rows = []
        link_rows = []
        for p in pages:
            page_rows.append(_page_row(crawl_id, p))
            link_rows.extend(
                (
                    crawl_id,
                    p.url,
                    ln.target,
                    ln.kind,
                    ln.text,
                    ln.region,
                    ln.nofollow,
                    ln.position,
                    ln.fragment,
                    ln.line,
                    ln.column,
                )
                for ln in p.links
            )
        with self.db:
            self.db.executemany(
                f"INSERT OR REPLACE INTO pages ({_PAGE_COLUMNS}) VALUES ({','.join('?' * 29)})",
                page_rows,
            )
            self.db.executemany(
                f"INSERT OR REPLACE INTO links (crawl_id, {_LINK_COLUMNS}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                link_rows,
            )

    def add_sitemap_entries(self, crawl_id: int, entries: Iterable[SitemapEntry]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO sitemap_urls VALUES (?,?,?,?)",
                ((crawl_id, e.url, e.sitemap, e.lastmod) for e in entries),
            )

    def add_events(self, crawl_id: int, events: Iterable[CrawlEvent]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO events VALUES (?,?,?,?)",
                ((crawl_id, e.kind, e.url, e.detail) for e in events),
            )

    def replace_findings(self, crawl_id: int, findings: Iterable[Finding]) -> None:
        """Store the latest analysis of a crawl, replacing any earlier one."""
        with self.db:
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
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            cur = self.db.execute(
                f"SELECT url, anchors FROM pages WHERE crawl_id=? AND url IN "
                f"({','.join('?' * len(chunk))})",
                (crawl_id, *chunk),
            )
            for url, anchors in cur:
                found[url] = set(json.loads(anchors))
        return found

    def links_to_non_ok(self, crawl_id: int) -> Iterator[tuple[Link, Page]]:
        """Every link whose target was fetched and did not answer 2xx, with that target."""
        cur = self.db.execute(
            f"SELECT {', '.join('l.' + c.strip() for c in _LINK_COLUMNS.split(','))}, "
            f"{', '.join('p.' + c.strip() for c in _PAGE_COLUMNS.split(','))} "
            # CROSS JOIN fixes the loop order: the few failing pages drive index lookups
            # into links, instead of probing pages once per link (100x slower).
            "FROM pages p CROSS JOIN links l INDEXED BY links_target "
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
        return cur.fetchall()

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
        for url in urls:
            row = self.db.execute(
                "SELECT count(DISTINCT source) FROM links INDEXED BY links_target "
                "WHERE crawl_id=? AND target=? AND kind='a' AND source != target",
                (crawl_id, url),
            ).fetchone()
            counts[url] = int(row[0])
        return counts

    def inbound_sources(self, crawl_id: int) -> dict[str, int]:
        """For each link target: how many other pages link to it with an <a>."""
        cur = self.db.execute(
            "SELECT target, count(DISTINCT source) FROM links "
            "WHERE crawl_id=? AND kind='a' AND source != target GROUP BY target",
            (crawl_id,),
        )
        return dict(cur.fetchall())

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
        json.dumps(p.h1, ensure_ascii=False),
        json.dumps(p.h2, ensure_ascii=False),
        json.dumps(p.hreflang, ensure_ascii=False),
        p.word_count,
        p.text_hash,
        json.dumps([(b.region, b.tag, b.text) for b in p.blocks], ensure_ascii=False),
        json.dumps(p.anchors, ensure_ascii=False),
    )


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
