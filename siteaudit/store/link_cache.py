"""Cache of external link results between runs, so repeated CI runs spare the same hosts.

One JSON file per cache folder. Only answers that are not failures are kept (2xx, 3xx and
accepted codes); a failure is checked again on the next run, since it may have been fixed
or may have been a hiccup.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

CACHE_FILE = "external-links.json"
_FORMAT = 1


@dataclass(slots=True)
class CachedResult:
    """What one external URL answered when it was last checked."""

    status: int
    checked_at: float
    location: str | None = None
    content_type: str | None = None
    anchors: list[str] | None = None  # None when the body was not read


@dataclass(slots=True)
class ResultCache:
    """External results by URL, loaded from and saved to ``folder``/external-links.json."""

    folder: Path
    max_age: float = 86400.0
    entries: dict[str, CachedResult] = field(default_factory=dict)
    hits: int = 0
    dirty: bool = False

    @classmethod
    def open(cls, folder: Path | str, max_age: float = 86400.0) -> ResultCache:
        """Load the cache (a missing or unreadable file is an empty cache)."""
        cache = cls(Path(folder), max_age)
        try:
            raw = json.loads((cache.folder / CACHE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if raw.get("format") != _FORMAT:
            return cache
        now = time.time()
        for url, data in raw.get("results", {}).items():
            try:
                entry = CachedResult(**data)
            except TypeError:
                continue
            if now - entry.checked_at <= max_age:
                cache.entries[url] = entry
        return cache

    def get(self, url: str, *, need_anchors: bool = False) -> CachedResult | None:
        """A fresh result for ``url``, or None."""
        entry = self.entries.get(url)
        if entry is None or time.time() - entry.checked_at > self.max_age:
            return None
        if need_anchors and entry.anchors is None and 200 <= entry.status < 300:
            return None
        self.hits += 1
        return entry

    def put(self, url: str, result: CachedResult) -> None:
        self.entries[url] = result
        self.dirty = True

    def save(self) -> None:
        """Write the cache atomically (a crashed run leaves the previous file intact)."""
        if not self.dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "format": _FORMAT,
            "results": {url: asdict(entry) for url, entry in sorted(self.entries.items())},
        }
        tmp = self.folder / f".{CACHE_FILE}.{os.getpid()}"
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        tmp.replace(self.folder / CACHE_FILE)
        self.dirty = False
