"""Whether a crawl request may start: options, limits and the SSRF guard."""

from __future__ import annotations

import threading
from typing import Any

from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError
from siteaudit.service.models import CrawlRequest
from siteaudit.service.scrapyd_runner import ScrapydError
from siteaudit.service.security import TargetRefused, check_targets
from siteaudit.service.state import ACTIVE_STATES, RESUMABLE_STATES
from siteaudit.store.service_sites import Site

# Counting active crawls and adding one must not interleave between two requests.
_ADMISSION = threading.Lock()


def admit_crawl(
    coordinator: CrawlCoordinator, request: CrawlRequest, owner: str, started_by: str = "api"
) -> int:
    """Check a request against the service's limits and start it; return the crawl id."""
    options = checked_options(coordinator, [request.url], request.options.to_config())
    with _ADMISSION:
        _check_active_limit(coordinator, owner)
        return _submit(coordinator, request.url, options, owner, started_by=started_by)


def admit_site_crawl(coordinator: CrawlCoordinator, site: Site, owner: str, started_by: str) -> int:
    """Start a crawl of a site, as a request with its start URLs and options would be; 409
    while another crawl of the site is active (a site's crawls never overlap)."""
    options = checked_options(coordinator, site.start_urls, dict(site.options))
    if len(site.start_urls) > 1:
        options["start_urls"] = list(site.start_urls)
    files = {
        name: text
        for name, text in (
            ("glossary.toml", site.glossary),
            ("suppressions.toml", site.suppressions),
        )
        if text
    }
    with _ADMISSION:
        active = [c.id for c in coordinator.state.of_site(site.id) if c.state in ACTIVE_STATES]
        if active:
            raise ApiError(
                409,
                "site_busy",
                f"crawl {active[0]} of site {site.name!r} is still active; a site's crawls "
                "do not overlap",
            )
        _check_active_limit(coordinator, owner)
        return _submit(
            coordinator,
            site.start_urls[0],
            options,
            owner,
            started_by=started_by,
            site_id=site.id,
            files=files,
        )


def checked_options(
    coordinator: CrawlCoordinator, start_urls: list[str], options: dict[str, Any]
) -> dict[str, Any]:
    """The crawl options with the service's page limit applied, after checking them and the
    targets (start URLs, sitemaps, extra hosts) against the limits and the SSRF guard."""
    limits = coordinator.options
    options = dict(options)
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
        CrawlConfig.from_dict({**options, "start_urls": start_urls}).validate()
    except ConfigError as exc:
        raise ApiError(422, "invalid_option", str(exc)) from exc
    try:
        check_targets(
            [*start_urls, *options.get("sitemaps", [])],
            options.get("allowed_hosts", []),
            allow_private=limits.allow_private,
        )
    except TargetRefused as exc:
        raise ApiError(422, "target_refused", str(exc)) from exc
    return options


def _submit(
    coordinator: CrawlCoordinator, url: str, options: dict[str, Any], owner: str, **kw: Any
) -> int:
    try:
        return coordinator.submit(url, options, owner, **kw)
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
