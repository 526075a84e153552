"""Retries for link checks: exponential backoff with jitter, and Retry-After honoured.

Applies to requests marked ``siteaudit_backoff`` (external link checks). Page requests keep
Scrapy's own RetryMiddleware, except for a 429/503 that carries Retry-After: that retry also
waits here, because a retry through the scheduler is only held back by the slot delay, which
counts from the slot's last request and so can leave early. The wait happens inside the
downloader middleware chain, so the spider never sleeps and other requests keep flowing.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from siteaudit.crawler.failures import is_transient_error
from twisted.internet import task

# 429/503 may say when to come back; other 5xx get the backoff schedule.
_RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP date); None if absent."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware:
    """Retry timeouts, connection errors, 5xx and 429 with backoff; honour Retry-After."""

    def __init__(self, retries: int, base: float, retry_after_max: float) -> None:
        self.retries = retries
        self.base = base
        self.retry_after_max = retry_after_max

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            settings.getint("SITEAUDIT_CHECK_RETRIES", 2),
            settings.getfloat("SITEAUDIT_BACKOFF_BASE", 0.5),
            settings.getfloat("SITEAUDIT_RETRY_AFTER_MAX", 30.0),
        )

    def backoff(self, attempt: int) -> float:
        """Seconds before retry number ``attempt`` (1-based): base * 2^(n-1), jittered."""
        factor: int = 2 ** (attempt - 1)
        return self.base * factor * random.uniform(0.5, 1.5)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if not request.meta.get("siteaudit_backoff") and not (
            response.status in _RETRY_AFTER_STATUSES and response.headers.get(b"Retry-After")
        ):
            return response
        status = response.status
        if not (500 <= status < 600 or status == 429):
            return response  # 999 and other invented codes are answers, not hiccups
        attempt = request.meta.get("backoff_attempt", 0) + 1
        if attempt > self.retries:
            return response
        wait = self.backoff(attempt)
        if status in _RETRY_AFTER_STATUSES:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            if asked is not None:
                if asked > self.retry_after_max:
                    return response  # the host wants a long pause: report, do not stall CI
                wait = asked
        await _sleep(wait)
        return self._retry(request, attempt)

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if not request.meta.get("siteaudit_backoff") or not is_transient_error(exception):
            return None
        attempt = request.meta.get("backoff_attempt", 0) + 1
        if attempt > self.retries:
            return None
        await _sleep(self.backoff(attempt))
        return self._retry(request, attempt)

    @staticmethod
    def _retry(request: Request, attempt: int) -> Request:
        retry = request.replace(dont_filter=True)
        retry.meta["backoff_attempt"] = attempt
        retry.meta.pop("download_slot", None)
        return retry


async def _sleep(seconds: float) -> None:
    # Imported here: importing the reactor at module level would install the default one
    # before Scrapy installs the configured (asyncio) reactor.
    from twisted.internet import reactor

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
