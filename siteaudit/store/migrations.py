"""Create the crawl store's tables and bring an older database up to SCHEMA_VERSION.

``meta.schema_version`` says which version a database holds. MIGRATIONS lists, in order,
the step that brings a database from the version before to each later one; the steps a
database needs run in one transaction with the new version number, so a failed upgrade
leaves it as it was. Opening a current database writes nothing (it takes no write lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, bindparam, func, inspect, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.schema import AddConstraint, CreateColumn, CreateIndex, CreateTable

from siteaudit.store.engine import StoreDamaged, StoreError, damaged
from siteaudit.store.packing import pack_text, unpack_text
from siteaudit.store.rows import finding_from_row, pack_findings
from siteaudit.store.schema import (
    FINDING_BLOCK,
    HASHED_URL_KEYS,
    LINKS_VIEW,
    READ_INDEXES,
    SCHEMA_VERSION,
    events,
    finding_blocks,
    findings_v6,
    hashed_key_ddl,
    legacy,
    link_texts,
    links,
    meta,
    metadata,
    page_html,
    page_links,
    page_links_v4,
    pages,
    sitemap_urls,
    urls,
)

Migration = Callable[[Connection], None]


class UnreadableRows(Exception):
    """A migration step met stored rows it cannot read; prepare_schema names the store."""


# pg_advisory_xact_lock key: workers opening a new database at once create the schema once.
_PG_SCHEMA_LOCK = 7_411_301


def _add_columns(conn: Connection, table_name: str, names: Sequence[str]) -> None:
    """ALTER TABLE ADD COLUMN for the schema's columns ``names`` the table lacks."""
    table = metadata.tables.get(table_name)
    if table is None:
        table = legacy.tables[table_name]
    present = {c["name"] for c in inspect(conn).get_columns(table_name)}
    for name in names:
        if name not in present:
            spec = CreateColumn(table.c[name]).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {spec}")


# The columns each version added: its migration adds them, and the store check
# (integrity.py) does not ask an older database for them.
ADDED_COLUMNS: dict[int, dict[str, tuple[str, ...]]] = {
    2: {pages.name: ("anchors",), links.name: ("fragment", "line", "col")},
    5: {page_links.name: ("text_id",)},
}
# The tables each version added (the store check does not ask an older database for them).
ADDED_TABLES: dict[int, tuple[str, ...]] = {
    3: (urls.name, page_links.name),
    4: (page_html.name,),
    5: (link_texts.name,),
    7: (finding_blocks.name,),
}
# Pages whose text blocks one pass of the version 3 migration reads and packs.
_PACK_BATCH = 500


def _v2_link_positions_fragments_anchors(conn: Connection) -> None:
    """Version 2: links keep their fragment and source position; pages their anchors."""
    for table_name, names in ADDED_COLUMNS[2].items():
        _add_columns(conn, table_name, names)


def _v3_url_ids_and_packed_text(conn: Connection) -> None:
    """Version 3: links refer to URLs by id (``urls``, ``page_links``; ``links`` becomes a
    view) and page text is zstd-packed. The links are copied in one INSERT ... SELECT; the
    text of each page is packed in Python (SQL has no zstd)."""
    for table in (urls, page_links_v4):
        conn.execute(CreateTable(table, if_not_exists=True))
    # URL order for the ids: a crawl's pages and links then sit together in the B-trees.
    conn.exec_driver_sql(
        "INSERT INTO urls (url) SELECT url FROM (SELECT url FROM pages UNION "
        "SELECT source FROM links UNION SELECT target FROM links) AS u ORDER BY url"
    )
    conn.exec_driver_sql(
        "INSERT INTO page_links (crawl_id, source_id, position, target_id, kind, text, region, "
        "nofollow, fragment, line, col) SELECT l.crawl_id, s.id, l.position, t.id, l.kind, "
        "l.text, l.region, l.nofollow, l.fragment, l.line, l.col FROM links l "
        "JOIN urls s ON s.url = l.source JOIN urls t ON t.url = l.target"
    )
    conn.exec_driver_sql("DROP TABLE links")  # and its index
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "ALTER TABLE pages ALTER COLUMN blocks TYPE bytea USING convert_to(blocks, 'UTF8')"
        )
    _pack_blocks(conn)


def _pack_blocks(conn: Connection) -> None:
    """Replace every page's unpacked text blocks by their zstd frame, a batch at a time."""
    c = pages.c
    last: tuple[int, str] = (-1, "")
    while True:
        query = (
            # Untyped: the column holds text here, which the binary type would not read.
            select(c.crawl_id, c.url, literal_column("blocks"))
            .where((c.crawl_id > last[0]) | ((c.crawl_id == last[0]) & (c.url > last[1])))
            .order_by(c.crawl_id, c.url)
            .limit(_PACK_BATCH)
        )
        rows = conn.execute(query).all()
        if not rows:
            return
        packed = [
            {"k_crawl": crawl, "k_url": url, "packed": pack_text(unpack_text(blocks))}
            for crawl, url, blocks in rows
        ]
        conn.execute(
            pages.update()
            .where(c.crawl_id == bindparam("k_crawl"), c.url == bindparam("k_url"))
            .values(blocks=bindparam("packed")),
            packed,
        )
        last = (rows[-1][0], rows[-1][1])


def _v4_page_html(conn: Connection) -> None:
    """Version 4: the raw HTML of crawls run with ``store_html`` (a new, empty table)."""
    conn.execute(CreateTable(page_html, if_not_exists=True))


def _v5_link_text_ids(conn: Connection) -> None:
    """Version 5: each distinct link text once, in ``link_texts``, and links refer to it by
    id. The links are copied once into a new ``page_links`` (INSERT ... SELECT): on a large
    store that takes about the links' size again in free disk while it runs."""
    conn.exec_driver_sql(f"DROP VIEW IF EXISTS {links.name}")  # it reads page_links.text
    conn.exec_driver_sql("ALTER TABLE page_links RENAME TO page_links_v4")
    if conn.dialect.name == "postgresql":
        # The primary key's index keeps its name: the new table's would collide with it.
        conn.exec_driver_sql("ALTER INDEX IF EXISTS page_links_pkey RENAME TO page_links_v4_pkey")
    conn.execute(CreateTable(link_texts, if_not_exists=True))
    conn.execute(CreateTable(page_links))
    conn.exec_driver_sql(
        "INSERT INTO link_texts (text) SELECT DISTINCT text FROM page_links_v4 "
        "WHERE text IS NOT NULL ORDER BY text"
    )
    conn.exec_driver_sql(
        "INSERT INTO page_links (crawl_id, source_id, position, target_id, kind, text_id, "
        "region, nofollow, fragment, line, col) SELECT l.crawl_id, l.source_id, l.position, "
        "l.target_id, l.kind, x.id, l.region, l.nofollow, l.fragment, l.line, l.col "
        "FROM page_links_v4 l LEFT JOIN link_texts x ON x.text = l.text"
    )
    conn.exec_driver_sql("DROP TABLE page_links_v4")  # and its index (create_missing adds it)


def _v6_url_keys_of_any_length(conn: Connection) -> None:
    """Version 6, PostgreSQL only: URL keys that take a URL of any length (see
    HASHED_URL_KEYS): a hash exclusion constraint for ``urls``; unique md5 indexes, which
    create_missing adds, for the primary keys of ``events`` and ``sitemap_urls``."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("ALTER TABLE urls DROP CONSTRAINT IF EXISTS urls_url_key")
    [unique] = [c for c in urls.constraints if isinstance(c, ExcludeConstraint)]
    # A store older than version 3 got ``urls`` from its migration, already with it.
    present = text("SELECT count(*) FROM pg_constraint WHERE conname = :name")
    if not conn.execute(present, {"name": unique.name}).scalar():
        conn.execute(AddConstraint(unique))
    for table in (events, sitemap_urls):
        conn.exec_driver_sql(
            f"ALTER TABLE {table.name} DROP CONSTRAINT IF EXISTS {table.name}_pkey"
        )


def _v7_finding_blocks(conn: Connection) -> None:
    """Version 7: each crawl's findings packed FINDING_BLOCK at a time (``finding_blocks``)
    instead of a row each, in their stored order; ``findings`` is dropped."""
    conn.execute(CreateTable(finding_blocks, if_not_exists=True))
    if not inspect(conn).has_table(findings_v6.name):
        return
    c = findings_v6.c
    crawl_ids = list(conn.execute(select(c.crawl_id).distinct()).scalars())
    for crawl_id in crawl_ids:
        # Row order within a crawl is insertion order (the rowid; no key on PostgreSQL).
        query = select(findings_v6).where(c.crawl_id == crawl_id)
        if conn.dialect.name == "sqlite":
            query = query.order_by(literal_column("rowid"))
        result = conn.execute(query.execution_options(yield_per=FINDING_BLOCK))
        for block, rows in enumerate(result.mappings().partitions()):
            try:
                found = [finding_from_row(row) for row in rows]
            except ValueError as exc:  # evidence that is not JSON, an unknown severity
                raise UnreadableRows(f"findings of crawl {crawl_id} unreadable: {exc}") from None
            data = pack_findings(found)
            values = {"crawl_id": crawl_id, "block": block, "findings": len(found), "data": data}
            conn.execute(finding_blocks.insert(), values)
    conn.exec_driver_sql(f"DROP TABLE {findings_v6.name}")  # and its index


# (version reached, step). Only SQLite files predate version 2: PostgreSQL came with it.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (2, _v2_link_positions_fragments_anchors),
    (3, _v3_url_ids_and_packed_text),
    (4, _v4_page_html),
    (5, _v5_link_text_ids),
    (6, _v6_url_keys_of_any_length),
    (7, _v7_finding_blocks),
)


def stored_version(conn: Connection, location: str = "the store") -> int | None:
    """The schema version the database records, or None for a new (or pre-version) one;
    a value that is no number is damage (StoreDamaged)."""
    if not inspect(conn).has_table(meta.name):
        return None
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        what = f"its schema version {value[:40]!r} is not a number"
        raise StoreDamaged(damaged(location, what)) from None


def prepare_schema(
    conn: Connection,
    location: str,
    *,
    migrations: Sequence[tuple[int, Migration]] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
    read_indexes: bool = True,
) -> None:
    """Refuse a newer database; create what is missing and migrate an older one to
    ``target`` (in one transaction). Commits on success, rolls back on failure.

    ``read_indexes=False`` leaves a missing READ_INDEXES index missing: a killed crawl's
    store lacks it, and the crawl resuming it would drop it again right after a build
    that takes minutes on a large store (the crawl builds it when it ends).
    """
    try:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_PG_SCHEMA_LOCK)))
        elif _needs_write(conn, location, target, read_indexes):
            # pysqlite opens transactions only before DML; DDL needs an explicit one, and
            # IMMEDIATE takes the write lock before the version is read again, so two
            # processes opening an old file at once migrate it once.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            return
        version = stored_version(conn, location)
        if version is not None and version > target:
            raise StoreError(
                f"{location} has schema version {version}; this siteaudit reads up to "
                f"{target}: upgrade siteaudit"
            )
        if version is not None:
            for reached, step in migrations:
                if version < reached <= target:
                    try:
                        step(conn)
                    except UnreadableRows as exc:
                        raise StoreDamaged(damaged(location, str(exc))) from None
        create_missing(conn, read_indexes=read_indexes)
        if version != target:
            _set_version(conn, target)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _needs_write(conn: Connection, location: str, target: int, read_indexes: bool) -> bool:
    """SQLite: whether the schema needs any change (reads only, before any lock): the common
    open (current version, every table and index there) writes nothing and so never waits
    for a crawl's write transaction."""
    present = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    wanted = {t.name for t in metadata.sorted_tables} | {links.name}
    wanted |= {str(i.name) for t in metadata.sorted_tables for i in t.indexes}
    if not read_indexes:
        wanted -= {str(i.name) for i in READ_INDEXES}
    return not wanted <= present or stored_version(conn, location) != target


def create_missing(conn: Connection, *, read_indexes: bool = True) -> None:
    """CREATE TABLE / INDEX / VIEW IF NOT EXISTS for the whole schema (restores dropped
    indexes; READ_INDEXES only if ``read_indexes``)."""
    skipped = set() if read_indexes else {str(i.name) for i in READ_INDEXES}
    for table in metadata.sorted_tables:
        conn.execute(CreateTable(table, if_not_exists=True))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if str(index.name) in skipped:
                continue
            conn.execute(CreateIndex(index, if_not_exists=True))
    if conn.dialect.name == "postgresql":
        for name in HASHED_URL_KEYS:
            conn.exec_driver_sql(hashed_key_ddl(metadata.tables[name]))
    if links.name not in inspect(conn).get_view_names():
        conn.exec_driver_sql(f"CREATE VIEW {links.name} AS {LINKS_VIEW}")


def _set_version(conn: Connection, version: int) -> None:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(meta).values(key="schema_version", value=str(version))
    conn.execute(
        stmt.on_conflict_do_update(index_elements=[meta.c.key], set_={"value": str(version)})
    )
