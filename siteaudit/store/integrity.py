"""The store check: a stored crawl is made sure of before it is read into reports.

Read as if whole, a damaged store gave an empty report over a good one (a dropped table was
created again, empty) or stopped halfway with a traceback. ``check_store`` refuses it first,
with one line saying what is wrong, and writes nothing to it. It looks at:

- the file itself (SQLite): ``PRAGMA quick_check(1)`` reads every page once and checks
  that each is a well-formed B-tree page whose records fit. It leaves out
  ``integrity_check``'s lookup of every index entry in its table, a random read per row:
  on a 100,000-page store (2.2 GB) quick_check took 8 s where integrity_check took
  9 minutes (docs/storage.md has the figures). ``(1)``: the first problem is enough;
- the schema: every table and column the recorded schema version has (a version 1
  file lacks what version 2 added: the migration adds it);
- the recorded schema version: a number (a newer one is refused by ``prepare_schema``);
- the crawls' JSON columns (start URLs, config, figures): a store holds few crawls.

A database without tables passes: it is new, nothing in it can be damaged.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from siteaudit.store.engine import StoreDamaged, StoreError, damaged, short_reason
from siteaudit.store.migrations import ADDED_COLUMNS, ADDED_TABLES, stored_version
from siteaudit.store.schema import crawls, meta, metadata

_CRAWL_JSON = ("start_urls", "config", "stats")


def check_store(conn: Connection, location: str) -> None:
    """Raise StoreDamaged (one line) when the store at ``location`` is damaged."""
    try:
        _check(conn, location)
    except SQLAlchemyError as exc:
        # "database disk image is malformed" can come from any read, the schema's too.
        raise StoreDamaged(damaged(location, short_reason(exc))) from exc
    finally:
        conn.rollback()


def _check(conn: Connection, location: str) -> None:
    if conn.dialect.name == "sqlite":
        verdict = str(conn.exec_driver_sql("PRAGMA quick_check(1)").scalar())
        if verdict != "ok":
            # "*** in database main ***\nPage 220: ..." -> one line.
            lines = [line for line in verdict.splitlines() if not line.startswith("***")]
            raise StoreDamaged(damaged(location, " ".join(lines) or verdict.strip()))
    present = set(inspect(conn).get_table_names())
    if not present:
        return
    if not present & set(metadata.tables):
        raise StoreError(f"{location} is not a siteaudit store: it has none of its tables")
    version = stored_version(conn, location)
    later = {name for reached, added in ADDED_TABLES.items() for name in added}
    if version is not None:
        later = {n for reached, added in ADDED_TABLES.items() if reached > version for n in added}
    for table in metadata.sorted_tables:
        if table.name not in present and table.name not in later:
            raise StoreDamaged(damaged(location, f"table {table.name} is missing"))
    if version is None:
        raise StoreDamaged(damaged(location, f"{meta.name} records no schema version"))
    _check_columns(conn, location, version)
    _check_crawl_json(conn, location)


def _check_columns(conn: Connection, location: str, version: int) -> None:
    """Every column of the schema that ``version`` has is there."""
    later = [added for reached, added in ADDED_COLUMNS.items() if reached > version]
    inspector = inspect(conn)
    gone = {name for reached, added in ADDED_TABLES.items() if reached > version for name in added}
    for table in metadata.sorted_tables:
        if table.name in gone:
            continue
        excused = {name for added in later for name in added.get(table.name, ())}
        have = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.c:
            if column.name not in have and column.name not in excused:
                raise StoreDamaged(
                    damaged(location, f"column {table.name}.{column.name} is missing")
                )


def _check_crawl_json(conn: Connection, location: str) -> None:
    """The JSON columns of every crawl parse."""
    query = select(crawls.c.id, *(crawls.c[name] for name in _CRAWL_JSON))
    for crawl_id, *values in conn.execute(query):
        for name, value in zip(_CRAWL_JSON, values, strict=True):
            try:
                json.loads(value)
            except (TypeError, ValueError):
                raise StoreDamaged(
                    damaged(location, f"crawl {crawl_id} has invalid JSON in crawls.{name}")
                ) from None
