"""Notice when the store cannot be written (disk full, file too large, read-only folder).

Scrapy logs an exception raised by an item pipeline and carries on crawling, so a full
disk would otherwise end as a "successful" crawl with pages silently missing. The watch
captures those failures from Scrapy's log, stops the crawl, and lets the runner report one
clear error instead of a traceback per batch.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Callable

# Loggers through which Scrapy reports exceptions raised in pipelines and signal handlers.
_WATCHED_LOGGERS = ("scrapy.core.scraper", "scrapy.core.engine", "scrapy.utils.signal")
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EDQUOT})
_SQLITE_WORDS = ("disk", "full", "readonly", "read-only", "unable to open")


def storage_problem(exc: BaseException) -> str | None:
    """A short description if ``exc`` (or its cause) is a failure to write to disk."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _STORAGE_ERRNOS:
            return current.strerror or str(current)
        if isinstance(current, sqlite3.DatabaseError):
            text = str(current).lower()
            if any(word in text for word in _SQLITE_WORDS):
                return str(current)
        current = current.__cause__ or current.__context__ or getattr(current, "orig", None)
    return None


class StorageErrorWatch(logging.Filter):
    """Swallows Scrapy's storage-failure tracebacks, keeping the first problem to report."""

    def __init__(self, on_first: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.problem: str | None = None
        self.on_first = on_first

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        problem = storage_problem(exc) if exc is not None else None
        if problem is None:
            return True
        if self.problem is None:
            self.problem = problem
            if self.on_first is not None:
                self.on_first()
        return False

    def install(self) -> None:
        for name in _WATCHED_LOGGERS:
            logging.getLogger(name).addFilter(self)

    def remove(self) -> None:
        for name in _WATCHED_LOGGERS:
            logging.getLogger(name).removeFilter(self)
