"""CrawlScope with its state in Redis, so every worker decides against the same frontier."""

from __future__ import annotations

import redis
from siteaudit.crawler.frontier.keys import FrontierKeys
from siteaudit.crawler.scope import _REPEATED_SEGMENTS, CrawlScope, Decision, query_trap_event

from siteaudit.core.config import CrawlConfig
from siteaudit.core.records import CrawlEvent
from siteaudit.core.urls import without_query

# One atomic step per URL: seen check, query-variant count, page limit and reservation;
# returns 0 seen, 1 follow, 2 limit, 3 trapped, 4 newly trapped, 5 limit reached just now.
_DECIDE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
if ARGV[3] == '1' then
  if redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then return 3 end
  if redis.call('HINCRBY', KEYS[2], ARGV[2], 1) > tonumber(ARGV[4]) then
    redis.call('SADD', KEYS[3], ARGV[2])
    return 4
  end
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[5]) then
  if redis.call('SETNX', KEYS[4], '1') == 1 then return 5 end
  return 2
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""
_RESERVE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end
return redis.call('SADD', KEYS[2], ARGV[1])
"""


class RedisCrawlScope(CrawlScope):
    """Same answers as CrawlScope, for all workers of a crawl at once."""

    def __init__(self, config: CrawlConfig, server: redis.Redis, keys: FrontierKeys) -> None:
        super().__init__(config)
        self.server = server
        self._keys = [keys.key(n) for n in ("seen", "query_variants", "trapped", "limit_hit")]
        self._checked_key = keys.key("checked")
        self._decide = server.register_script(_DECIDE)
        self._reserve = server.register_script(_RESERVE)
        # URLs known to be in the shared seen set: menus repeat on every page, so most
        # links are answered here without a round trip.
        self._known_seen: set[str] = set()

    def decide(self, url: str, *, forced: bool = False) -> Decision:
        """Whether to fetch ``url``; a FOLLOW answer reserves it for this worker only."""
        if url in self._known_seen:
            return Decision.SEEN
        if self._is_too_long(url):
            return Decision.TOO_LONG
        if not self.is_internal(url):
            return Decision.EXTERNAL
        path_key = without_query(url)
        count_variant = False
        if not forced:
            if self._include and not any(p.search(url) for p in self._include):
                return Decision.EXCLUDED
            if any(p.search(url) for p in self._exclude):
                return Decision.EXCLUDED
            if self._repeats_segments(url, path_key):
                return Decision.TRAP
            count_variant = "?" in url
        answer = int(
            self._decide(
                keys=self._keys,
                args=[
                    url,
                    path_key,
                    "1" if count_variant else "0",
                    self.config.max_query_variants,
                    self.config.max_pages,
                ],
            )
        )
        if answer in (0, 1):
            self._known_seen.add(url)
        if answer == 4:
            self.events.append(query_trap_event(path_key, url, self.config))
        if answer == 5:
            self.limit_hit = True
            self.events.append(
                CrawlEvent("page-limit", url, f"stopped at {self.config.max_pages} URLs")
            )
        return {
            0: Decision.SEEN,
            1: Decision.FOLLOW,
            2: Decision.LIMIT,
            3: Decision.TRAP,
            4: Decision.TRAP,
            5: Decision.LIMIT,
        }[answer]

    def _repeats_segments(self, url: str, path_key: str) -> bool:
        segments = [s for s in path_key.split("/")[3:] if s]
        if len(segments) <= 2 * _REPEATED_SEGMENTS:
            return False
        if max(segments.count(s) for s in set(segments)) <= _REPEATED_SEGMENTS:
            return False
        if self.server.sadd(self._keys[2], path_key):
            self.events.append(CrawlEvent("path-trap", url, "a path segment repeats; not followed"))
        return True

    def reserve(self, url: str) -> bool:
        """Claim an asset or external URL for its one check, across all workers."""
        if self._is_too_long(url):
            return False
        if self._include and not any(p.search(url) for p in self._include):
            return False
        if any(p.search(url) for p in self._exclude):
            return False
        return bool(self._reserve(keys=[self._keys[0], self._checked_key], args=[url]))

    # The state lives in Redis; nothing to persist in the spider's job state.
    def snapshot(self) -> dict[str, object]:
        return {}

    def restore(self, state: dict[str, object]) -> None:
        return None
