"""Per-host request policy: extra headers (auth) per host, and a download slot per external
host with its own concurrency and minimum interval.

Scrapy keys download slots by hostname alone, so two servers on one host share a slot;
external checks get a slot per host[:port] instead, configured before the slot is created.
"""

from __future__ import annotations

from typing import Self
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.http import Request

from siteaudit.core.config import parse_header


class HostPolicyMiddleware:
    """Adds configured headers; puts external checks in their own per-host slots."""

    def __init__(self, crawler: Crawler, headers: list[str], per_host: int, delay: float) -> None:
        self.crawler = crawler
        self.per_host = per_host
        self.delay = delay
        self.global_headers: list[tuple[str, str]] = []
        self.host_headers: dict[str, list[tuple[str, str]]] = {}
        for spec in headers:
            host, name, value = parse_header(spec)
            if host is None:
                self.global_headers.append((name, value))
            else:
                self.host_headers.setdefault(host, []).append((name, value))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler,
            settings.getlist("SITEAUDIT_HEADERS"),
            settings.getint("SITEAUDIT_EXTERNAL_PER_HOST", 4),
            settings.getfloat("SITEAUDIT_EXTERNAL_DELAY", 0.0),
        )

    def process_request(self, request: Request) -> None:
        netloc = urlsplit(request.url).netloc.lower()
        host = netloc.rsplit("@", 1)[-1]
        for name, value in self.global_headers:
            request.headers[name] = value
        # "host" matches any port of that host; "host:port" only that port.
        for key in dict.fromkeys((host.split(":")[0], host)):
            for name, value in self.host_headers.get(key, ()):
                request.headers[name] = value
        if request.meta.get("siteaudit_external") and "download_slot" not in request.meta:
            slot = f"external:{host}"
            request.meta["download_slot"] = slot
            request.meta["siteaudit_backoff"] = True
            downloader = self.crawler.engine.downloader if self.crawler.engine else None
            if downloader is not None and slot not in downloader.per_slot_settings:
                downloader.per_slot_settings[slot] = {
                    "concurrency": self.per_host,
                    "delay": self.delay,
                    "jitter": 0.0,  # a minimum interval: never shorter
                }
