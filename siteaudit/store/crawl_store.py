"""The Store: every crawl of a site kept in SQLite (one file per output folder) or in a
PostgreSQL database shared by several crawl workers.

Queries are SQLAlchemy Core statements on the tables of ``schema``; rows are read by column
name into the records of ``siteaudit.core.records``. Writes come in batches from the
crawler's item pipeline; every write is an upsert so a resumed crawl (or a second worker)
can re-deliver a page without creating duplicate rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import count, islice
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
from sqlalchemy import (
    Connection,
    Executable,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    not_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, RowMapping

from siteaudit.core.crawl_history import same_origin
from siteaudit.core.records import (
    CrawlEvent,
    CrawlRun,
    Finding,
    Link,
    LinkIdRow,
    LinkIds,
    Page,
    SitemapEntry,
)
from siteaudit.store.engine import (
    StoreDamaged,
    StoreError,
    Target,
    damaged,
    open_engine,
    store_errors,
)
from siteaudit.store.integrity import check_store
from siteaudit.store.migrations import prepare_schema, stored_version
from siteaudit.store.packing import PackedTextError, pack_text, unpack_bytes, unpack_text
from siteaudit.store.rows import (
    LINK_SELECT,
    PAGE_COLUMNS,
    PAGE_HTML_COLUMNS,
    PAGE_LINK_COLUMNS,
    PageRows,
    crawl_from_row,
    pack_findings,
    page_reader,
    read_link,
    summary_page_reader,
    unpack_findings,
)
from siteaudit.store.schema import (
    FINDING_BLOCK,
    HASHED_URL_KEYS,
    READ_INDEXES,
    crawls,
    events,
    finding_blocks,
    hashed_key_elements,
    link_texts,
    links_target,
    page_html,
    page_links,
    pages,
    sitemap_urls,
    urls,
)

DB_NAME = "siteaudit.db"
_TARGET_COUNT = np.dtype([("target", np.int64), ("count", np.int64)])
T = TypeVar("T")
# Values per IN list: SQLite caps the parameters of one statement.
_IN_CHUNK = 500
_KEYS = {
    pages.name: ("crawl_id", "url"),
    page_html.name: ("crawl_id", "url"),
    page_links.name: ("crawl_id", "source_id", "position"),
    **{name: key for name, (key, _) in HASHED_URL_KEYS.items()},
}
_PAGE_NO_BLOCKS = [c for c in pages.c if c.name != "blocks"]
# What the analysis keeps of every page: no text, no h2s, hreflang or anchor ids (the checks
# read those per page when they need them), so a page record stays a few hundred bytes.
# No text digest either: the text pass computes its own.
_PAGE_SUMMARY = [
    c for c in _PAGE_NO_BLOCKS if c.name not in ("h2", "hreflang", "anchors", "text_hash")
]
# The id of the URL given as the named parameter.
_URL_ID = "SELECT id FROM urls WHERE url = :{}"
# Links (``l``) whose text is one of the named parameter ``texts``.
_TEXT_IN = "l.text_id IN (SELECT id FROM link_texts WHERE text IN :texts)"
# URL and link text ids a store keeps between batches (the site's template links recur on
# every page); past this many of either the cache starts again.
_ID_CACHE = 100_000
# The tables that hold each distinct value once, under an id, and their value column.
_INTERNED = {urls.name: "url", link_texts.name: "text"}
# The text columns of a crawl that can hold a URL of the crawled site (rebase_urls rewrites
# them; the links' URLs are rows of the shared urls table).
_URL_COLUMNS: dict[Table, tuple[str, ...]] = {
    crawls: ("start_urls", "config", "stats"),
    pages: ("url", "found_on", "location", "canonical", "hreflang", "error"),
    sitemap_urls: ("url", "sitemap"),
    events: ("url", "detail"),
}  # and the findings, in their packed blocks


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _cursor_rows(result: CursorResult[*tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    """The driver's cursor under a result: sqlite3 and psycopg cursors iterate plain tuples,
    an optional DB-API extension that SQLAlchemy's cursor protocol does not declare."""
    return cast("Iterable[tuple[Any, ...]]", result.cursor)


class Store:
    """Read and write crawls in one SQLite file or one PostgreSQL database."""

    def __init__(
        self,
        path: Path | str,
        *,
        create: bool = True,
        verify: bool = False,
        read_indexes: bool = True,
    ) -> None:
        """Open the store at ``path`` (a SQLite file or a PostgreSQL URL).

        ``create``: a missing SQLite file is created (else StoreError). ``verify``: refuse a
        damaged store (StoreDamaged, see ``integrity.check_store``) before anything is read
        or written: readers that report on a stored crawl ask for it. ``read_indexes=False``:
        a read index a killed crawl dropped is not rebuilt (for the crawl resuming it).
        """
        target = Target.parse(path)
        self.url = str(path)
        self.postgres = target.postgres
        self.path = target.path
        self.location = target.location
        if not target.postgres and not create and not target.path.exists():
            raise StoreError(f"no crawl database at {target.path}")
        self._upserts: dict[str, tuple[str, tuple[str, ...] | None]] = {}
        # Ids of committed values, by table (_INTERNED).
        self._ids: dict[str, dict[str, int]] = {name: {} for name in _INTERNED}
        self._insert_value_sql: dict[str, tuple[str, bool]] = {}
        with store_errors(self.location, "cannot open"):
            self._engine = open_engine(target)
            try:
                self._conn = self._engine.connect()
                if verify:
                    check_store(self._conn, self.location)
                prepare_schema(self._conn, self.location, read_indexes=read_indexes)
            except BaseException:
                self._engine.dispose()
                raise

    @classmethod
    def in_folder(
        cls,
        folder: Path | str,
        *,
        create: bool = True,
        verify: bool = False,
        read_indexes: bool = True,
    ) -> Store:
        """The store of an output folder (``<folder>/siteaudit.db``)."""
        return cls(Path(folder) / DB_NAME, create=create, verify=verify, read_indexes=read_indexes)

    @classmethod
    def open(
        cls,
        folder: Path | str,
        store_url: str | None = None,
        *,
        create: bool = True,
        verify: bool = False,
    ) -> Store:
        """The store at ``store_url`` if given, else the output folder's SQLite file."""
        if store_url:
            return cls(store_url, create=create, verify=verify)
        return cls.in_folder(folder, create=create, verify=verify)

    @property
    def connection(self) -> Connection:
        """The SQLAlchemy connection, for tools that run their own Core queries."""
        return self._conn

    def schema_version(self) -> int | None:
        """The schema version recorded in the database."""
        with store_errors(self.location):
            return stored_version(self._conn, self.location)

    def close(self) -> None:
        self._conn.close()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running statements --------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Commit what runs inside, or roll it back; database errors become StoreError."""
        with store_errors(self.location):
            try:
                yield
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()

    @contextmanager
    def decoding(self, table: str) -> Iterator[None]:
        """A JSON value of ``table`` that does not parse while read inside is damage: one
        StoreDamaged line, not a traceback (readers of raw rows decode them themselves)."""
        try:
            yield
        except json.JSONDecodeError as exc:
            what = f"invalid JSON in table {table}: {exc}"
            raise StoreDamaged(damaged(self.location, what)) from None
        except PackedTextError as exc:
            raise StoreDamaged(damaged(self.location, f"table {table}: {exc}")) from None

    def _execute(self, statement: Executable, params: Any = None) -> CursorResult[*tuple[Any, ...]]:
        with store_errors(self.location):
            return self._conn.execute(statement, params)

    def _mappings(self, statement: Executable) -> Iterator[RowMapping]:
        """The rows of a query by column name, streamed."""
        with store_errors(self.location):
            yield from self._conn.execute(statement).mappings()

    def _records(
        self, statement: Executable, reader: Callable[[Sequence[str]], Callable[[Any], T]]
    ) -> Iterator[T]:
        """The rows of a query as records, built by ``reader`` from the result's column
        names; rows come straight from the driver's cursor (see ``rows.read_link``)."""
        result = self._execute(statement)
        try:
            read = reader(list(result.keys()))
            with store_errors(self.location):
                yield from map(read, _cursor_rows(result))
        finally:
            result.close()

    def _scalars(self, statement: Executable) -> Iterator[Any]:
        with store_errors(self.location):
            yield from self._conn.execute(statement).scalars()

    def _upsert(self, table: Table, columns: Sequence[str]) -> tuple[str, tuple[str, ...] | None]:
        """The dialect's INSERT ... ON CONFLICT DO UPDATE for ``table``, compiled once: its
        SQL and, for a driver with positional parameters, their column order."""
        cached = self._upserts.get(table.name)
        if cached is None:
            dialect = postgresql if self.postgres else sqlite
            key = _KEYS[table.name]
            stmt = dialect.insert(table).values({c: bindparam(c) for c in columns})
            hashed = self.postgres and table.name in HASHED_URL_KEYS
            stmt = stmt.on_conflict_do_update(
                index_elements=hashed_key_elements(table) if hashed else list(key),
                set_={c: stmt.excluded[c] for c in columns if c not in key},
            )
            compiled = stmt.compile(dialect=self._engine.dialect)
            order = tuple(compiled.positiontup) if compiled.positiontup is not None else None
            cached = self._upserts[table.name] = (str(compiled), order)
        return cached

    def _insert_values(self, table: Table, values: list[str]) -> tuple[str, list[Any]]:
        """An INSERT of these values into an _INTERNED table that skips stored ones, and its
        executemany parameters."""
        name = _INTERNED[table.name]
        cached = self._insert_value_sql.get(table.name)
        if cached is None:
            dialect = postgresql if self.postgres else sqlite
            stmt = dialect.insert(table).values({name: bindparam(name)})
            # No conflict target: DO NOTHING alone also honours the exclusion constraint that
            # keeps link texts unique on PostgreSQL.
            compiled = stmt.on_conflict_do_nothing().compile(dialect=self._engine.dialect)
            cached = (str(compiled), compiled.positiontup is not None)
            self._insert_value_sql[table.name] = cached
        sql, positional = cached
        return sql, [(v,) for v in values] if positional else [{name: v} for v in values]

    def _insert_sql(
        self, table: Table, columns: tuple[str, ...]
    ) -> tuple[str, tuple[str, ...] | None]:
        """A plain INSERT of ``columns`` into ``table``, compiled for this driver, and the
        column order of its positional parameters (None for a driver with named ones)."""
        stmt = insert(table).values({c: bindparam(c) for c in columns})
        compiled = stmt.compile(dialect=self._engine.dialect)
        order = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        if order is not None and order != columns:
            raise AssertionError(f"insert parameters out of column order: {order}")
        return str(compiled), order

    def _upsert_rows(
        self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> None:
        """Upsert many rows (tuples in ``columns`` order) with one driver executemany.

        A crawl writes ~70 links a page: SQLAlchemy's per-row parameter processing would cost
        more than the insert itself, and these columns need no type conversion.
        """
        if not rows:
            return
        sql, order = self._upsert(table, columns)
        if order is not None:
            assert order == tuple(columns), order  # the compiled statement takes rows as built
            self._conn.exec_driver_sql(sql, list(rows))
        else:
            self._conn.exec_driver_sql(sql, [dict(zip(columns, r, strict=True)) for r in rows])

    # -- crawls ------------------------------------------------------------------------

    def begin_crawl(self, start_urls: list[str], config: dict[str, object]) -> int:
        """Record a new crawl as running and return its id."""
        values = {
            "started_at": _now(),
            "status": "running",
            "start_urls": json.dumps(start_urls),
            "config": json.dumps(config, default=str),
        }
        with self._transaction():
            crawl_id = self._conn.execute(
                insert(crawls).values(values).returning(crawls.c.id)
            ).scalar_one()
        return int(crawl_id)

    def _update_crawl(self, crawl_id: int, **values: object) -> None:
        with self._transaction():
            self._conn.execute(update(crawls).where(crawls.c.id == crawl_id).values(values))

    def resume_crawl(self, crawl_id: int) -> None:
        """Mark a stopped crawl as running again."""
        self._update_crawl(crawl_id, status="running", finished_at=None)

    def finish_crawl(self, crawl_id: int, status: str, stats: dict[str, object]) -> None:
        """Record how a crawl ended and its figures."""
        self._update_crawl(
            crawl_id, status=status, finished_at=_now(), stats=json.dumps(stats, default=str)
        )

    def update_stats(self, crawl_id: int, stats: dict[str, object]) -> None:
        """Replace a crawl's figures."""
        self._update_crawl(crawl_id, stats=json.dumps(stats, default=str))

    def rebase_urls(self, crawl_id: int, old: str, new: str) -> None:
        """Rewrite every stored text of a crawl that starts a URL with ``old`` (an origin
        with its slash, "http://127.0.0.1:4321/") to start it with ``new``.

        A folder checked on a temporary port is kept under its stable names this way.
        Plain text replacement: ``old`` must not occur in the crawl otherwise.
        """
        with self._transaction():
            for table, names in _URL_COLUMNS.items():
                values = {name: func.replace(table.c[name], old, new) for name in names}
                key = table.c.id if table is crawls else table.c.crawl_id
                self._conn.execute(update(table).where(key == crawl_id).values(values))
            self._rebase_finding_blocks(crawl_id, old, new)
            self._rebase_url_rows(old, new)
        self._ids[urls.name].clear()

    def _rebase_finding_blocks(self, crawl_id: int, old: str, new: str) -> None:
        """``rebase_urls`` for the packed findings: their JSON text, replaced as the text
        columns are (JSON writes an origin's characters as they are)."""
        c = finding_blocks.c
        query = select(c.block, c.data).where(c.crawl_id == crawl_id)
        for block, data in list(self._conn.execute(query)):
            with self.decoding(finding_blocks.name):
                rebased = pack_text(unpack_text(data).replace(old, new))
            where = (c.crawl_id == crawl_id) & (c.block == block)
            self._conn.execute(update(finding_blocks).where(where).values(data=rebased))

    def _rebase_url_rows(self, old: str, new: str) -> None:
        """The urls rows under ``old`` renamed; one whose new name another row already has
        (an earlier check of the folder kept in the same store) is merged into that row."""
        u, pl = urls.c, page_links.c
        under = select(u.id, u.url).where(func.substr(u.url, 1, len(old)) == old)
        for url_id, url in list(self._conn.execute(under)):
            renamed = new + url[len(old) :]
            same = self._conn.execute(select(u.id).where(u.url == renamed)).scalar()
            if same is None:
                self._conn.execute(update(urls).where(u.id == url_id).values(url=renamed))
                continue
            for column in ("source_id", "target_id"):
                moved = update(page_links).where(pl[column] == url_id).values({column: same})
                self._conn.execute(moved)
            self._conn.execute(delete(urls).where(u.id == url_id))

    def crawls(self) -> list[CrawlRun]:
        """Every crawl, oldest first."""
        with self.decoding(crawls.name):
            return [crawl_from_row(r) for r in self._mappings(select(crawls).order_by(crawls.c.id))]

    def previous_crawl(self, crawl_id: int, *, finished_only: bool = False) -> CrawlRun | None:
        """The crawl ``crawl_id`` is compared with. A folder store holds one site, maybe
        crawled from another origin (a new port): its latest earlier crawl. A shared
        PostgreSQL store holds many sites: the latest earlier crawl from a common origin."""
        runs = self.crawls()
        current = next((r for r in runs if r.id == crawl_id), None)
        if current is None:
            return None
        earlier = [
            r
            for r in runs
            if r.id < crawl_id
            and (r.status == "finished" or not finished_only)
            and (not self.postgres or same_origin(r.start_urls, current.start_urls))
        ]
        return earlier[-1] if earlier else None

    def crawl(self, crawl_id: int | None = None) -> CrawlRun:
        """One crawl by id, or the latest one."""
        query = select(crawls).order_by(crawls.c.id.desc()).limit(1)
        if crawl_id is not None:
            query = select(crawls).where(crawls.c.id == crawl_id)
        row = next(self._mappings(query), None)
        if row is not None:
            with self.decoding(crawls.name):
                return crawl_from_row(row)
        if crawl_id is None:
            raise StoreError(f"{self.location} holds no crawl")
        raise StoreError(f"{self.location} has no crawl {crawl_id}")

    # -- writes (batched by the caller) -------------------------------------------------

    def add_pages(self, crawl_id: int, pages: Iterable[Page]) -> None:
        """Upsert pages with their links, in one transaction."""
        batch = PageRows(crawl_id)
        for page in pages:
            batch.add(page)
        self.add_page_rows(batch)

    def add_page_rows(self, batch: PageRows) -> None:
        """Upsert pages already turned into rows (see PageRows), in one transaction; the
        links' URLs and texts are stored once each, in ``urls`` and ``link_texts``, and the
        links refer to their ids."""
        links = batch.links
        with self._transaction():
            self._upsert_rows(pages, PAGE_COLUMNS, batch.pages)
            url_ids = self._ids_of(urls, {row[1] for row in links} | {row[3] for row in links})
            texts = {row[5] for row in links}
            texts.discard(None)
            found_texts = self._ids_of(link_texts, cast("set[str]", texts))
            text_ids: dict[str | None, int | None] = {None: None}  # no text: NULL
            text_ids.update(found_texts)
            rows = [
                (crawl, url_ids[source], position, url_ids[target], kind, text_ids[text], *rest)
                for crawl, source, position, target, kind, text, *rest in links
            ]
            self._upsert_rows(page_links, PAGE_LINK_COLUMNS, rows)
            if batch.html:
                self._upsert_rows(page_html, PAGE_HTML_COLUMNS, batch.html)
        for table, found in ((urls, url_ids), (link_texts, found_texts)):
            cache = self._ids[table.name]
            if len(cache) + len(found) > _ID_CACHE:
                cache.clear()
            cache.update(found)  # committed: safe to reuse

    def _ids_of(self, table: Table, wanted: set[str]) -> dict[str, int]:
        """The ids of these values in an _INTERNED table, adding those not stored yet (inside
        the caller's transaction)."""
        cache = self._ids[table.name]
        ids = {value: cache[value] for value in wanted if value in cache}
        # Sorted: workers sharing a PostgreSQL store take the rows' locks in one order.
        missing = sorted(wanted.difference(ids))
        if not missing:
            return ids
        self._conn.exec_driver_sql(*self._insert_values(table, missing))
        name = _INTERNED[table.name]
        sql = f"SELECT {name}, id FROM {table.name} WHERE {name} IN :values"
        for chunk in _chunks(missing):
            ids.update(self._plain_rows(sql, {"values": chunk}, ("values",)))
        return ids

    def defer_read_indexes(self, crawl_id: int) -> bool:
        """Drop the read-only indexes before a bulk write of ``crawl_id``; True if dropped.

        SQLite only, and only while no other crawl has links stored (rebuilding their
        entries would cost more than it saves: one sorted build at the end costs about a
        third of one random B-tree insert per link). Call ``build_read_indexes`` when done.
        """
        if self.postgres:
            return False
        c = page_links.c
        others = select(c.crawl_id).where(c.crawl_id != crawl_id).limit(1)
        if self._execute(others).first() is not None:
            return False
        with self._transaction():
            for index in READ_INDEXES:
                index.drop(self._conn, checkfirst=True)
        return True

    def build_read_indexes(self) -> None:
        """Create the read-only indexes ``defer_read_indexes`` dropped."""
        with self._transaction():
            for index in READ_INDEXES:
                index.create(self._conn, checkfirst=True)

    def add_sitemap_entries(self, crawl_id: int, entries: Iterable[SitemapEntry]) -> None:
        """Upsert sitemap entries."""
        rows = [(crawl_id, e.url, e.sitemap, e.lastmod) for e in entries]
        with self._transaction():
            self._upsert_rows(sitemap_urls, ("crawl_id", "url", "sitemap", "lastmod"), rows)

    def add_events(self, crawl_id: int, events_: Iterable[CrawlEvent]) -> None:
        """Upsert crawl events (one per kind and URL)."""
        rows = [(crawl_id, e.kind, e.url, e.detail) for e in events_]
        with self._transaction():
            self._upsert_rows(events, ("crawl_id", "kind", "url", "detail"), rows)

    def replace_findings(self, crawl_id: int, found: Iterable[Finding]) -> None:
        """Store the latest analysis of a crawl, replacing any earlier one (one transaction),
        packed FINDING_BLOCK at a time (``finding_blocks``)."""
        found = iter(found)
        c = finding_blocks.c
        with self._transaction():
            self._conn.execute(delete(finding_blocks).where(c.crawl_id == crawl_id))
            for block in count():
                batch = list(islice(found, FINDING_BLOCK))
                if not batch:
                    break
                row = {"crawl_id": crawl_id, "block": block, "findings": len(batch)}
                self._conn.execute(insert(finding_blocks), {**row, "data": pack_findings(batch)})

    def count_findings(self, crawl_id: int) -> int:
        """How many findings the crawl's latest analysis stored."""
        query = select(func.coalesce(func.sum(finding_blocks.c.findings), 0))
        return int(self._execute(query.where(finding_blocks.c.crawl_id == crawl_id)).scalar_one())

    # -- pages ---------------------------------------------------------------------------

    def pages(
        self,
        crawl_id: int,
        *,
        with_links: bool = False,
        with_blocks: bool = True,
        summary: bool = False,
    ) -> Iterator[Page]:
        """Stream the pages of a crawl in URL order (links and text blocks on request).

        ``summary``: without text blocks, h2s, hreflang, anchors and text digest, and with
        the strings many pages share (content type, language, ...) held once.
        """
        columns = list(pages.c) if with_blocks else _PAGE_NO_BLOCKS
        if summary:
            columns = _PAGE_SUMMARY
        query = select(*columns).where(pages.c.crawl_id == crawl_id).order_by(pages.c.url)
        links_by_source = self._links_by_source(crawl_id) if with_links else None
        reader = summary_page_reader if summary else page_reader
        with self.decoding(pages.name):
            for page in self._records(query, reader):
                if links_by_source is not None:
                    page.links = links_by_source.get(page.url, [])
                yield page

    def count_pages(self, crawl_id: int) -> int:
        """Pages stored for a crawl."""
        return self._count(pages, pages.c.crawl_id == crawl_id)

    def count_failed_pages(self, crawl_id: int) -> int:
        """Pages of a crawl that got no answer (status 0) or an error status (4xx, 5xx)."""
        failed = (pages.c.status == 0) | (pages.c.status >= 400)
        return self._count(pages, and_(pages.c.crawl_id == crawl_id, failed))

    def _count(self, table: Table, where: Any) -> int:
        return self._counted(select(func.count()).select_from(table).where(where))

    def _counted(self, query: Executable, params: Any = None) -> int:
        """The number a COUNT query answers (it always answers one row)."""
        count = self._execute(query, params).scalar()
        assert count is not None
        return int(count)

    def anchors(self, crawl_id: int, urls: Iterable[str]) -> dict[str, set[str]]:
        """The id/name values of the given pages (only pages stored with anchors)."""
        found: dict[str, set[str]] = {}
        for chunk in _chunks(list(dict.fromkeys(urls))):
            query = select(pages.c.url, pages.c.anchors).where(
                pages.c.crawl_id == crawl_id, pages.c.url.in_(chunk)
            )
            with self.decoding(pages.name):
                for row in self._mappings(query):
                    found[row["url"]] = set(json.loads(row["anchors"]))
        return found

    def page_html(self, crawl_id: int, url: str) -> bytes | None:
        """The raw HTML of a page as served, if the crawl stored it (``store_html``)."""
        query = select(page_html.c.html).where(
            page_html.c.crawl_id == crawl_id, page_html.c.url == url
        )
        packed = next(self._scalars(query), None)
        if packed is None:
            return None
        with self.decoding(page_html.name):
            return unpack_bytes(packed)

    def page_text_rows(
        self, crawl_id: int, urls: Iterable[str] | None = None, *, batch: int = _IN_CHUNK
    ) -> Iterator[tuple[Any, ...]]:
        """(url, title, meta_description, h1, blocks, canonical, meta_robots, x_robots_tag,
        lang) of HTML pages that answered 200, in URL order (or only ``urls``)."""
        c = pages.c
        columns = (c.url, c.title, c.meta_description, c.h1, c.blocks, c.canonical)
        query = (
            select(*columns, c.meta_robots, c.x_robots_tag, c.lang)
            .where(c.crawl_id == crawl_id, c.status == 200, c.is_html == 1)
            .where(c.resource_type == "page")
            .order_by(c.url)
        )
        if urls is None:
            queries = [query]
        else:
            queries = [query.where(c.url.in_(chunk)) for chunk in _chunks(sorted(set(urls)), batch)]
        for each in queries:
            for row in self._execute(each):
                yield (*row[:4], unpack_text(row[4]), *row[5:])

    # -- links ---------------------------------------------------------------------------

    def _link_sql(
        self,
        columns: str,
        where: str = "",
        *,
        ordered: bool = True,
        tail: str = "",
        by_target: bool = False,
    ) -> str:
        """SQL reading ``page_links l`` with the URLs of source ``s`` and target ``t`` and the
        text ``x`` (NULL columns where the link has none).

        ``where``: further conditions on them (named parameters; ``:crawl`` is the crawl).
        ``ordered``: in page order (source URL, position). SQLite then reads ``urls`` as the
        outer loop, in URL order through its unique index, and each page's links by primary
        key (CROSS JOIN keeps that loop order): no sort of every link of the crawl.
        ``by_target``: ``where`` names a few targets (unordered only); see _target_index.
        """
        also = f" AND {where}" if where else ""
        text = "LEFT JOIN link_texts x ON x.id = l.text_id"
        if not ordered:
            hint = self._target_index() if by_target else ""
            return (
                f"SELECT {columns} FROM page_links l{hint} JOIN urls s ON s.id = l.source_id "
                f"JOIN urls t ON t.id = l.target_id {text} WHERE l.crawl_id = :crawl{also} {tail}"
            )
        join = "JOIN" if self.postgres else "CROSS JOIN"
        return (
            f"SELECT {columns} FROM urls s {join} page_links l ON l.source_id = s.id "
            f"JOIN urls t ON t.id = l.target_id {text} WHERE l.crawl_id = :crawl{also} "
            "ORDER BY s.url, l.position"
        )

    def _target_index(self) -> str:
        """`` INDEXED BY links_target`` on SQLite while that index exists, else nothing.

        Without statistics SQLite's planner reads a crawl's every link by primary key and
        tests each target rather than probe the target index once a link needs a column the
        index lacks: a full scan per query, per 500 targets (0.12 s instead of 1.4 s for 500
        failing URLs at 100,000 pages; minutes at 1,000,000). A crawl in progress may have
        dropped the index (defer_read_indexes, only while no other crawl has links, so never
        under a reader of another crawl's links); a scan is then the only way anyway.
        """
        if self.postgres:
            return ""
        name = str(links_target.name)
        found = list(
            self._plain_rows(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :name",
                {"name": name},
            )
        )
        return f" INDEXED BY {name}" if found else ""

    def _run(
        self, sql: str, params: dict[str, Any], expanding: Sequence[str] = ()
    ) -> CursorResult[*tuple[Any, ...]]:
        statement = text(sql)
        if expanding:
            statement = statement.bindparams(*(bindparam(n, expanding=True) for n in expanding))
        return self._execute(statement, params)

    def _plain_rows(
        self, sql: str, params: dict[str, Any], expanding: Sequence[str] = ()
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of ``sql`` as the driver's plain tuples, streamed."""
        result = self._run(sql, params, expanding)
        try:
            with store_errors(self.location):
                yield from _cursor_rows(result)
        finally:
            result.close()

    def links(self, crawl_id: int) -> Iterator[Link]:
        """Every link of a crawl, in page order."""
        yield from self._links_where(crawl_id)

    def link_ids(self, crawl_id: int) -> LinkIds:
        """Every link of a crawl in page order, as ids (see LinkIds): no join for the
        target's URL or the text, no Link made per row."""
        join = "JOIN" if self.postgres else "CROSS JOIN"  # the URL order loop: _link_sql
        sql = (
            "SELECT l.source_id, l.target_id, l.text_id, l.region, l.kind, l.nofollow "
            f"FROM urls s {join} page_links l ON l.source_id = s.id "
            "WHERE l.crawl_id = :crawl ORDER BY s.url, l.position"
        )
        return LinkIds(
            rows=self._plain_rows(sql, {"crawl": crawl_id}),
            urls=lambda ids: self._values_by_id(urls, ids),
            texts=lambda ids: self._values_by_id(link_texts, ids),
            links_on=lambda ids: self._link_ids_on(crawl_id, ids),
            inlink_counts=lambda: self._inlink_counts(crawl_id),
        )

    def _inlink_counts(self, crawl_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Each target id of the crawl's links and how many links it has (the target index
        alone answers: no table row is read)."""
        sql = (
            "SELECT target_id, count(*) FROM page_links WHERE crawl_id = :crawl GROUP BY target_id"
        )
        found = np.fromiter(self._plain_rows(sql, {"crawl": crawl_id}), _TARGET_COUNT)
        return found["target"], found["count"]

    def _link_ids_on(self, crawl_id: int, sources: Sequence[int]) -> list[LinkIdRow]:
        """The links on ``sources`` (store ids) as link_ids rows, by source id, each source's
        in page order: primary-key ranges, not the whole crawl's links."""
        sql = (
            "SELECT source_id, target_id, text_id, region, kind, nofollow FROM page_links "
            "WHERE crawl_id = :crawl AND source_id IN :ids ORDER BY source_id, position"
        )
        found: list[LinkIdRow] = []
        wanted = sorted(set(sources))
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            found.extend(self._plain_rows(sql, {"crawl": crawl_id, "ids": chunk}, ("ids",)))
        return found

    def _values_by_id(self, table: Table, ids: Iterable[int]) -> dict[int, str]:
        """The value (URL, link text) of each id of ``table`` (see _INTERNED)."""
        name = _INTERNED[table.name]
        sql = f"SELECT id, {name} FROM {table.name} WHERE id IN :ids"
        wanted = sorted(set(ids))
        found: dict[int, str] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            found.update(self._plain_rows(sql, {"ids": chunk}, ("ids",)))
        return found

    def _links_where(
        self,
        crawl_id: int,
        where: str = "",
        params: dict[str, Any] | None = None,
        expanding: Sequence[str] = (),
    ) -> Iterator[Link]:
        """The links of a crawl that meet ``where`` (SQL on ``l``, see _link_sql), in page
        order."""
        sql = self._link_sql(LINK_SELECT, where)
        rows = self._plain_rows(sql, {"crawl": crawl_id, **(params or {})}, expanding)
        yield from map(read_link, rows)

    def links_to(self, crawl_id: int, targets: Iterable[str], where: str = "") -> list[Link]:
        """Links to the given targets (meeting ``where``, see _link_sql), in page order, found
        through the target index: checks about a few targets need not read every link."""
        found: list[Link] = []
        condition = "l.target_id IN (SELECT id FROM urls WHERE url IN :targets)"
        sql = self._link_sql(
            LINK_SELECT,
            f"{condition} AND {where}" if where else condition,
            ordered=False,
            by_target=True,
        )
        for chunk in _chunks(sorted(set(targets))):
            params = {"crawl": crawl_id, "targets": chunk}
            found.extend(map(read_link, self._plain_rows(sql, params, ("targets",))))
        found.sort(key=lambda link: (link.source, link.position))
        return found

    def _links_by_source(self, crawl_id: int) -> dict[str, list[Link]]:
        grouped: dict[str, list[Link]] = {}
        for link in self.links(crawl_id):
            grouped.setdefault(link.source, []).append(link)
        return grouped

    def count_links(self, crawl_id: int) -> int:
        """Links stored for a crawl."""
        return self._count(page_links, page_links.c.crawl_id == crawl_id)

    def link_edges(self, crawl_id: int) -> Iterator[tuple[str, str, str, int]]:
        """(source, target, region, nofollow) of every <a> link, in page order.

        Plain rows straight from the driver's cursor, no Link objects or row wrappers: the
        graph reads millions.
        """
        sql = self._link_sql("s.url, t.url, l.region, l.nofollow", "l.kind = 'a'")
        yield from self._plain_rows(sql, {"crawl": crawl_id})

    def related_links_to(self, crawl_id: int, targets: Iterable[str]) -> list[Link]:
        """Related-list links to the given targets, in page order."""
        return self.links_to(crawl_id, targets, "l.region = 'related'")

    def related_links(self, crawl_id: int) -> Iterator[Link]:
        """Links that sit in related-article lists."""
        return self._links_where(crawl_id, "l.region = 'related'")

    def links_with_fragments(self, crawl_id: int) -> Iterator[Link]:
        """Links whose href carries a "#fragment", in page order."""
        return self._links_where(crawl_id, "l.fragment IS NOT NULL AND l.fragment != ''")

    def links_to_non_ok(self, crawl_id: int) -> Iterator[tuple[Link, Page]]:
        """Every link whose target was fetched and did not answer 2xx, with that target."""
        # The few failing pages first, then their links through the target index: a join
        # that probed pages once per link was 100x slower on SQLite.
        failing = select(*_PAGE_NO_BLOCKS).where(
            pages.c.crawl_id == crawl_id, not_(pages.c.status.between(200, 299))
        )
        with self.decoding(pages.name):
            targets = {page.url: page for page in self._records(failing, page_reader)}
        for link in self.links_to(crawl_id, targets):
            yield link, targets[link.target]

    def images_without_alt(self, crawl_id: int) -> list[tuple[str, str]]:
        """(page, image URL) for every <img> that has no alt attribute at all."""
        found = self._links_where(crawl_id, "l.kind = 'img' AND l.text_id IS NULL")
        return [(link.source, link.target) for link in found]

    def related_positions(self, crawl_id: int, source: str) -> list[int]:
        """Positions of a page's related-list links, in page order."""
        sql = (
            "SELECT l.position FROM page_links l WHERE l.crawl_id = :crawl "
            f"AND l.source_id = ({_URL_ID.format('source')}) AND l.region = 'related' "
            "AND l.kind = 'a' ORDER BY l.position"
        )
        return [row[0] for row in self._plain_rows(sql, {"crawl": crawl_id, "source": source})]

    def inbound_counts(self, crawl_id: int, urls: Iterable[str]) -> dict[str, int]:
        """For the given URLs only: how many other pages link to each with an <a>."""
        sql = (
            f"SELECT count(DISTINCT l.source_id) FROM page_links l{self._target_index()} "
            "WHERE l.crawl_id = :crawl "
            f"AND l.target_id = ({_URL_ID.format('url')}) AND l.kind = 'a' "
            "AND l.source_id != l.target_id"
        )
        statement = text(sql)
        return {url: self._counted(statement, {"crawl": crawl_id, "url": url}) for url in urls}

    def inbound_sources(self, crawl_id: int) -> dict[str, int]:
        """For each link target: how many other pages link to it with an <a>."""
        # Counted on ids while reading the links in their stored (source id) order: grouping
        # by target in SQL reads the table once per link through the target index, 4x slower.
        sql = (
            "SELECT l.source_id, l.target_id FROM page_links l WHERE l.crawl_id = :crawl "
            "AND l.kind = 'a' AND l.source_id != l.target_id ORDER BY l.source_id"
        )
        counts: dict[int, int] = {}
        last_source: dict[int, int] = {}
        for source, target in self._plain_rows(sql, {"crawl": crawl_id}):
            if last_source.get(target) != source:
                last_source[target] = source
                counts[target] = counts.get(target, 0) + 1
        del last_source
        named = self._values_of(urls, counts)
        return dict(sorted((named[i], n) for i, n in counts.items()))

    def _values_of(self, table: Table, ids: Iterable[int]) -> dict[int, str]:
        """The values of these ids of an _INTERNED table (URLs, link texts)."""
        found: dict[int, str] = {}
        sql = f"SELECT id, {_INTERNED[table.name]} FROM {table.name} WHERE id IN :ids"
        values = sorted(set(ids))
        for start in range(0, len(values), _IN_CHUNK):
            chunk = values[start : start + _IN_CHUNK]
            found.update(self._plain_rows(sql, {"ids": chunk}, ("ids",)))
        return found

    def listing_pages(self, crawl_id: int, min_links: int) -> set[str]:
        """Pages with at least ``min_links`` <a> links in their main content."""
        sql = (
            "SELECT u.url FROM urls u WHERE u.id IN (SELECT l.source_id FROM page_links l "
            "WHERE l.crawl_id = :crawl AND l.kind = 'a' AND l.region = 'main' "
            "GROUP BY l.source_id HAVING count(*) >= :n)"
        )
        return {row[0] for row in self._plain_rows(sql, {"crawl": crawl_id, "n": min_links})}

    def anchor_texts(self, crawl_id: int, source: str) -> set[str]:
        """The texts of a page's <a> links."""
        sql = (
            "SELECT x.text FROM page_links l JOIN link_texts x ON x.id = l.text_id "
            f"WHERE l.crawl_id = :crawl AND l.source_id = ({_URL_ID.format('source')}) "
            "AND l.kind = 'a'"
        )
        return {row[0] for row in self._plain_rows(sql, {"crawl": crawl_id, "source": source})}

    def distinct_anchor_texts(self, crawl_id: int) -> list[str]:
        """Every non-empty <a> text of the crawl, once each."""
        c = page_links.c
        query = select(c.text_id).distinct().where(c.crawl_id == crawl_id, c.kind == "a")
        # The ids in the order the links give them, then their texts.
        ids = [text_id for text_id in self._scalars(query) if text_id is not None]
        texts = self._values_of(link_texts, ids)
        return [texts[text_id] for text_id in ids if texts[text_id]]

    def template_anchor_spread(
        self, crawl_id: int, texts: Sequence[str]
    ) -> list[tuple[str, str, str, int]]:
        """For these <a> texts in nav/header/footer: (text, region, first page, pages)."""
        sql = self._link_sql(
            "x.text, l.region, min(s.url), count(DISTINCT l.source_id)",
            f"l.kind = 'a' AND {_TEXT_IN} AND l.region IN ('nav', 'header', 'footer')",
            ordered=False,
            tail="GROUP BY x.text, l.region",
        )
        rows = self._plain_rows(sql, {"crawl": crawl_id, "texts": list(texts)}, ("texts",))
        return [(t, r, s, int(n)) for t, r, s, n in rows]

    def anchors_with_texts(
        self, crawl_id: int, texts: Sequence[str]
    ) -> Iterator[tuple[str, str, str]]:
        """(source, text, region) of the <a> links with these texts, in page order."""
        found = self._links_where(
            crawl_id, f"l.kind = 'a' AND {_TEXT_IN}", {"texts": list(texts)}, ("texts",)
        )
        for link in found:
            yield link.source, str(link.text), link.region

    # -- sitemap, events, findings ---------------------------------------------------------

    def sitemap_entries(self, crawl_id: int) -> list[SitemapEntry]:
        """The URLs the crawl's sitemaps list, in URL order."""
        c = sitemap_urls.c
        query = select(c.url, c.sitemap, c.lastmod).where(c.crawl_id == crawl_id).order_by(c.url)
        return [SitemapEntry(**row) for row in self._mappings(query)]

    def events(self, crawl_id: int) -> list[CrawlEvent]:
        """What the crawler reported besides pages (traps, limits), by kind and URL."""
        c = events.c
        query = (
            select(c.kind, c.url, c.detail).where(c.crawl_id == crawl_id).order_by(c.kind, c.url)
        )
        return [CrawlEvent(**row) for row in self._mappings(query)]

    def findings(self, crawl_id: int) -> list[Finding]:
        """The stored findings of a crawl's latest analysis, in the order they were stored."""
        c = finding_blocks.c
        query = select(c.data).where(c.crawl_id == crawl_id).order_by(c.block)
        found: list[Finding] = []
        with self.decoding(finding_blocks.name):
            for (data,) in self._execute(query):
                found.extend(unpack_findings(data))
        return found


def _chunks(values: list[str], size: int = _IN_CHUNK) -> list[list[str]]:
    return [values[start : start + size] for start in range(0, len(values), size)]
