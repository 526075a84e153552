"""Which discovered URLs the crawl fetches: hosts, patterns, page limit, spider traps, length."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import cast

from siteaudit.core.config import CrawlConfig
from siteaudit.core.records import CrawlEvent
from siteaudit.core.urls import MAX_URL_LENGTH, host_of, without_query
from siteaudit.core.user_regex import compile_user_regex

_REPEATED_SEGMENTS = 3  # /a/b/a/b/a/b...: a relative-link loop, not real content


class Decision(StrEnum):
    FOLLOW = "follow"
    SEEN = "seen"
    EXTERNAL = "external"
    EXCLUDED = "excluded"
    LIMIT = "limit"
    TRAP = "trap"
    TOO_LONG = "too-long"


def too_long_event(url: str) -> CrawlEvent:
    """The event recorded for a linked URL too long to fetch: the analysis reports every
    link to it on its page (check url-too-long), where Scrapy's UrlLengthMiddleware would
    have dropped the request without a word."""
    return CrawlEvent(
        "url-too-long",
        url,
        f"{len(url)} characters, more than {MAX_URL_LENGTH}: not fetched",
    )


def query_trap_event(path_key: str, url: str, config: CrawlConfig) -> CrawlEvent:
    """The event recorded when a path exceeds its query-string variants."""
    return CrawlEvent(
        "query-trap",
        path_key,
        f"more than {config.max_query_variants} query-string variants; "
        f"stopped following (e.g. {url})",
    )


def site_hosts(config: CrawlConfig) -> set[str]:
    """The hosts a crawl treats as its own site: its start URLs', sitemaps' and allowed ones."""
    hosts = {host_of(u) for u in config.start_urls + config.sitemaps}
    hosts.update(h.lower() for h in config.allowed_hosts)
    return hosts


class CrawlScope:
    """Stateful gatekeeper for the frontier; keeps one entry per URL it let through."""

    def __init__(self, config: CrawlConfig) -> None:
        self.config = config
        self.hosts = site_hosts(config)
        # RE2: a user's pattern matches in linear time, whatever the URL (core.user_regex).
        self._include = [compile_user_regex(p) for p in config.include]
        self._exclude = [compile_user_regex(p) for p in config.exclude]
        self.seen: set[str] = set()
        self.checked: set[str] = set()  # assets and external URLs claimed for one check each
        self._query_variants: Counter[str] = Counter()
        self._trapped: set[str] = set()
        self._too_long: set[str] = set()  # one event per URL, however many pages link it
        self.limit_hit = False
        self.events: list[CrawlEvent] = []  # drained by the spider into items

    def is_internal(self, url: str) -> bool:
        return host_of(url) in self.hosts

    def decide(self, url: str, *, forced: bool = False) -> Decision:
        """Whether to fetch ``url``; a FOLLOW answer reserves it (call once per fetch)."""
        if url in self.seen:
            return Decision.SEEN
        if self._is_too_long(url):
            return Decision.TOO_LONG
        if not self.is_internal(url):
            return Decision.EXTERNAL
        if not forced:
            if self._include and not any(p.search(url) for p in self._include):
                return Decision.EXCLUDED
            if any(p.search(url) for p in self._exclude):
                return Decision.EXCLUDED
            if self._is_trap(url):
                return Decision.TRAP
        if len(self.seen) >= self.config.max_pages:
            if not self.limit_hit:
                self.limit_hit = True
                self.events.append(
                    CrawlEvent("page-limit", url, f"stopped at {self.config.max_pages} URLs")
                )
            return Decision.LIMIT
        self.seen.add(url)
        return Decision.FOLLOW

    def reserve(self, url: str) -> bool:
        """Claim an asset or external URL for its one check; include/exclude apply."""
        if url in self.checked or url in self.seen:
            return False
        if self._is_too_long(url):
            return False
        if self._include and not any(p.search(url) for p in self._include):
            return False
        if any(p.search(url) for p in self._exclude):
            return False
        self.checked.add(url)
        return True

    def _is_too_long(self, url: str) -> bool:
        """Whether ``url`` is too long to fetch; the first time, an event says so."""
        if len(url) <= MAX_URL_LENGTH:
            return False
        if url not in self._too_long:
            self._too_long.add(url)
            self.events.append(too_long_event(url))
        return True

    def _is_trap(self, url: str) -> bool:
        path_key = without_query(url)
        if "?" in url:
            if path_key in self._trapped:
                return True
            self._query_variants[path_key] += 1
            if self._query_variants[path_key] > self.config.max_query_variants:
                self._trapped.add(path_key)
                self.events.append(query_trap_event(path_key, url, self.config))
                return True
        segments = [s for s in path_key.split("/")[3:] if s]
        if len(segments) > 2 * _REPEATED_SEGMENTS:
            most = Counter(segments).most_common(1)[0][1]
            if most > _REPEATED_SEGMENTS:
                if path_key not in self._trapped:
                    self._trapped.add(path_key)
                    self.events.append(
                        CrawlEvent("path-trap", url, "a path segment repeats; not followed")
                    )
                return True
        return False

    def drain_events(self) -> list[CrawlEvent]:
        events, self.events = self.events, []
        return events

    # Resume support: the live objects go into the spider's persisted state.
    def snapshot(self) -> dict[str, object]:
        return {
            "seen": self.seen,
            "checked": self.checked,
            "query_variants": self._query_variants,
            "trapped": self._trapped,
            "limit_hit": self.limit_hit,
        }

    def restore_from_store(self, crawled: list[str], checked: list[str]) -> None:
        """Mark stored URLs as fetched and recount their query variants (resume after a kill)."""
        self.seen.update(crawled)
        self.checked.update(checked)
        for url in crawled:
            if "?" in url:
                path_key = without_query(url)
                self._query_variants[path_key] += 1
                if self._query_variants[path_key] > self.config.max_query_variants:
                    self._trapped.add(path_key)
        self.limit_hit = len(self.seen) >= self.config.max_pages

    def restore(self, state: dict[str, object]) -> None:
        # ignore: restored state values are JSON objects (lists of str) typed as object
        self.seen = set(state.get("seen", ()))  # type: ignore[call-overload]
        self.checked = set(state.get("checked", ()))  # type: ignore[call-overload]
        self._query_variants = Counter(cast("dict[str, int]", state.get("query_variants", {})))
        # ignore: restored state values are JSON objects (lists of str) typed as object
        self._trapped = set(state.get("trapped", ()))  # type: ignore[call-overload]
        self.limit_hit = bool(state.get("limit_hit", False))
