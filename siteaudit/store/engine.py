"""Connections to a store (a SQLite file or a PostgreSQL URL) and the one error they raise.

Every database error reaches the caller as a StoreError of one line: where, and what the
database said, without the SQL statement or any password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from siteaudit.core.extras import require_extra

_URL_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


class StoreError(Exception):
    """The store cannot be opened, read or written (missing, read-only, corrupt, newer schema)."""


class StoreDamaged(StoreError):
    """The store is damaged (corrupt pages, missing tables or columns, unreadable values):
    nothing read from it can be trusted."""


def damaged(location: str, what: str) -> str:
    """The one-line message of a StoreDamaged: what is wrong, and what to do."""
    return f"{location} is damaged ({what}); restore it from a backup or crawl again"


def is_database_url(target: Path | str) -> bool:
    """Whether ``target`` names a database server (``postgresql://...``), not a file."""
    return str(target).startswith(_URL_SCHEMES)


def redacted(text: str) -> str:
    """``text`` with the password of any database URL in it replaced by ``***``."""
    return re.sub(r"//([^:/@\s]+):[^@\s]*@", r"//\1:***@", text)


def short_reason(exc: BaseException) -> str:
    """What the database said, in one line: the driver's message without SQLAlchemy's
    appended statement and parameters."""
    cause = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    text = lines[0] if lines else type(cause).__name__
    return redacted(text.split(" [SQL:")[0].split("(Background on this error")[0].strip())


@contextmanager
def store_errors(location: str, action: str = "") -> Iterator[None]:
    """Turn SQLAlchemy and driver errors raised inside into a one-line StoreError."""
    try:
        yield
    except SQLAlchemyError as exc:
        prefix = f"{action} {location}" if action else location
        raise StoreError(f"{prefix}: {short_reason(exc)}") from exc


@dataclass(frozen=True, slots=True)
class Target:
    """Where a store lives: the SQLAlchemy URL, the file (SQLite) and a printable name."""

    url: str
    postgres: bool
    path: Path  # the SQLite file; for PostgreSQL the redacted URL as a path, for messages
    location: str  # safe to print: a path, or the URL without its password

    @classmethod
    def parse(cls, target: Path | str) -> Target:
        text = str(target)
        if is_database_url(text):
            url = re.sub(r"^(postgresql|postgres)(\+psycopg)?://", "postgresql+psycopg://", text)
            location = redacted(text)
            return cls(url, True, Path(location), location)
        path = Path(text.removeprefix("sqlite:///"))
        return cls(f"sqlite:///{path}", False, path, str(path))


def open_engine(target: Target, *, shared_by_threads: bool = False) -> Engine:
    """An engine for ``target``; SQLite connections use WAL and wait up to 30 s for locks.

    ``shared_by_threads``: the caller serialises access to one connection from several
    threads (sqlite3 refuses that unless told).
    """
    if target.postgres:
        require_extra("scale", "a PostgreSQL store", ("psycopg",))
    args: dict[str, Any] = {}
    if not target.postgres:
        args = {"timeout": 30, "check_same_thread": not shared_by_threads}
    # One connection per Store, held for its life: no pool to keep idle connections around.
    engine = create_engine(target.url, poolclass=NullPool, connect_args=args)
    if not target.postgres:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # Readers never block the crawl's writer (WAL); NORMAL sync is safe with WAL and keeps
    # each batch commit cheap. Set before any transaction: WAL cannot be entered inside one.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
