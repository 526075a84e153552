"""Whether a crawl request may start: options, limits and the SSRF guard."""

from __future__ import annotations

import threading

from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError
from siteaudit.service.models import CrawlRequest
from siteaudit.service.scrapyd_runner import ScrapydError
from siteaudit.service.security import TargetRefused, check_targets
from siteaudit.service.state import RESUMABLE_STATES

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
        _check_active_limit(coordinator, owner)
        try:
            return coordinator.submit(request.url, options, owner)
        except ScrapydError as exc:
            raise ApiError(
                503,
                "engine_unavailable",
                "the crawl engine (Scrapyd) did not accept the crawl; see the service log",
            ) from exc


def admit_resume(coordinator: CrawlCoordinator, crawl_id: int) -> None:
    """Resume a crawl if its owner is under the limit of active crawls (as for a new one)."""
    with _ADMISSION:
        job = coordinator.state.get(crawl_id)
        if job is not None and job.state in RESUMABLE_STATES:
            _check_active_limit(coordinator, job.owner, "the token that started this crawl")
        try:
            coordinator.resume(crawl_id)
        except ScrapydError as exc:
            raise ApiError(
                503,
                "engine_unavailable",
                "the crawl engine (Scrapyd) did not accept the crawl; see the service log",
            ) from exc


def _check_active_limit(
    coordinator: CrawlCoordinator, owner: str, whose: str = "this token"
) -> None:
    """429 when the token ``owner`` already has the most crawls it may have active."""
    limit = coordinator.options.max_active_per_token
    if coordinator.state.count_active(owner) >= limit:
        raise ApiError(
            429,
            "too_many_crawls",
            f"{whose} already has {limit} crawls queued or running; wait for one to "
            "finish or cancel one",
        )
