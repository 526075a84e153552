"""Whether a crawl request may start: options, limits and the SSRF guard."""

from __future__ import annotations

import threading

from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError
from siteaudit.service.models import CrawlRequest
from siteaudit.service.scrapyd_runner import ScrapydError
from siteaudit.service.security import TargetRefused, check_targets

# Counting active crawls and adding one must not interleave between two requests.
_ADMISSION = threading.Lock()


def admit_crawl(coordinator: CrawlCoordinator, request: CrawlRequest, owner: str) -> int:
    """Check a request against the service's limits and start it; return the crawl id."""
    limits = coordinator.options
    options = request.options.to_config()
    max_pages = options.get("max_pages", limits.max_pages_per_crawl)
    if max_pages > limits.max_pages_per_crawl:
        raise ApiError(
            422,
            "limit_exceeded",
            f"max_pages {max_pages} is over this service's limit of "
            f"{limits.max_pages_per_crawl} pages per crawl",
        )
    options["max_pages"] = max_pages
    try:
        CrawlConfig.from_dict({**options, "start_urls": [request.url]}).validate()
    except ConfigError as exc:
        raise ApiError(422, "invalid_option", str(exc)) from exc
    try:
        check_targets(
            [request.url, *options.get("sitemaps", [])],
            options.get("allowed_hosts", []),
            allow_private=limits.allow_private,
        )
    except TargetRefused as exc:
        raise ApiError(422, "target_refused", str(exc)) from exc
    with _ADMISSION:
        if coordinator.state.count_active(owner) >= limits.max_active_per_token:
            raise ApiError(
                429,
                "too_many_crawls",
                f"this token already has {limits.max_active_per_token} crawls queued or "
                "running; wait for one to finish or cancel one",
            )
        try:
            return coordinator.submit(request.url, options, owner)
        except ScrapydError as exc:
            raise ApiError(
                503,
                "engine_unavailable",
                "the crawl engine (Scrapyd) did not accept the crawl; see the service log",
            ) from exc
