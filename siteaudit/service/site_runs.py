"""What follows a site's crawl: its summary and comparison, the webhook, retention.

The summary (health score, findings by severity, failed URLs, the comparison's counts) is
kept in the crawl's row, so a site's trend survives retention deleting the crawl's folder.
The full comparison goes into the folder as ``comparison.json``.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from siteaudit.app.audit import AuditResult
from siteaudit.app.crawl_diff import changed_findings
from siteaudit.core.crawl_changes import CrawlDiff
from siteaudit.core.records import Finding
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.notify_email import crawl_message, parse_recipients, send_mail
from siteaudit.service.security import TargetRefused, check_target_url
from siteaudit.service.state import ACTIVE_STATES, CrawlJob, now
from siteaudit.store import Store, StoreError
from siteaudit.store.service_sites import Site, SiteRecords

log = logging.getLogger("siteaudit.service")

COMPARISON_NAME = "comparison.json"
# Webhook delivery: a first try, then retries after these pauses (seconds). A receiver that
# answers 2xx got it; 4xx other than 408/429 will not change by retrying.
WEBHOOK_BACKOFF_S = (1.0, 2.0, 4.0)
WEBHOOK_TIMEOUT_S = 10.0
_RETRY_STATUSES = {408, 429}


def crawl_summary(
    result: AuditResult, failed_urls: int, diff: CrawlDiff | None, changed: int = 0
) -> dict[str, Any]:
    """The figures of an analysed crawl that its site's history keeps; ``changed``: findings
    in both crawls whose severity or wording changed."""
    by_severity = Counter(str(f.severity) for f in result.findings)
    summary: dict[str, Any] = {
        "health": result.health,
        "findings": {s: by_severity.get(s, 0) for s in ("error", "warning", "notice")},
        "failed_urls": failed_urls,
        "pages": result.pages,
    }
    if result.stats.get("render_notice"):  # asked to render, but no browser: crawled raw
        summary["render_notice"] = result.stats["render_notice"]
    if diff is not None:
        counts = diff.summary()
        summary["comparison"] = {
            "previous": diff.old_crawl,
            "new_findings": counts["new_findings"],
            "new_errors": sum(1 for f in diff.new_findings if str(f.severity) == "error"),
            "fixed_findings": counts["fixed_findings"],
            "changed_findings": changed,
            "urls_added": counts["pages_added"],
            "urls_removed": counts["pages_removed"],
            "urls_changed": len({c.url for c in diff.changes}),
        }
    return summary


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a webhook call went."""

    status: str  # delivered, failed, refused
    attempts: int
    code: int | None = None
    error: str | None = None


def deliver_webhook(
    url: str, payload: dict[str, Any], *, allow_private: bool, backoff: tuple[float, ...]
) -> Delivery:
    """POST ``payload`` as JSON to ``url``, retrying with back-off; never follows redirects.

    The URL passes the same address guard as crawl targets, checked again at each call (DNS
    may answer differently than when the site was saved).
    """
    try:
        check_target_url(url, allow_private=allow_private)
    except TargetRefused as exc:
        return Delivery("refused", 0, error=str(exc))
    attempts, code, error = 0, None, None
    with httpx.Client(timeout=WEBHOOK_TIMEOUT_S, follow_redirects=False) as client:
        for pause in (0.0, *backoff):
            time.sleep(pause)
            attempts += 1
            try:
                response = client.post(url, json=payload)
            except httpx.HTTPError as exc:
                code, error = None, type(exc).__name__
                continue
            code = response.status_code
            if 200 <= code < 300:
                return Delivery("delivered", attempts, code)
            error = f"HTTP {code}"
            if 400 <= code < 500 and code not in _RETRY_STATUSES:
                break
    return Delivery("failed", attempts, code, error)


def retention_victims(crawls: list[CrawlJob], site: Site, today: datetime) -> list[CrawlJob]:
    """The crawls of ``site`` (newest first) whose folders retention deletes: those past the
    newest ``keep_crawls``, or older than ``keep_days``. Active crawls, crawls already pruned
    and the newest finished crawl (the next comparison's base) are always kept."""
    if site.keep_crawls is None and site.keep_days is None:
        return []
    newest_finished = next((c.id for c in crawls if c.state == "finished"), None)
    victims = []
    for position, crawl in enumerate(crawls):
        if crawl.state in ACTIVE_STATES or crawl.pruned_at or crawl.id == newest_finished:
            continue
        too_many = site.keep_crawls is not None and position >= site.keep_crawls
        created = datetime.fromisoformat(crawl.created_at)
        too_old = site.keep_days is not None and today - created > timedelta(days=site.keep_days)
        if too_many or too_old:
            victims.append(crawl)
    return victims


class SiteRuns:
    """The coordinator's follow-up for crawls that belong to a site."""

    def __init__(
        self,
        coordinator: CrawlCoordinator,
        sites: SiteRecords,
        backoff: tuple[float, ...] = WEBHOOK_BACKOFF_S,
    ) -> None:
        self.coordinator = coordinator
        self.sites = sites
        self.backoff = backoff
        # Deliveries wait out their back-off here, not in the analysis worker.
        self.notifier = ThreadPoolExecutor(max_workers=2, thread_name_prefix="notify")
        self.record_lock = threading.Lock()
        coordinator.after_analysis = self.summarise
        coordinator.after_finished = self.finished

    def close(self) -> None:
        self.notifier.shutdown(wait=False, cancel_futures=True)

    def summarise(self, crawl_id: int, result: AuditResult) -> None:
        """Record an analysed crawl's summary; write its full comparison into its folder."""
        state = self.coordinator.state
        job = state.get(crawl_id)
        assert job is not None
        state.update(crawl_id, stage="comparing")
        failed = self.coordinator.progress(crawl_id).get("errors", 0)
        diff = result.diff if job.compared_with is not None else None
        changed: list[Finding] = []
        if diff is not None:
            old = self._previous_raw_findings(job.compared_with)
            changed = changed_findings(old, diff.persisting_findings)
            full = {**diff.to_dict(), "changed_findings": [f.to_dict() for f in changed]}
            (Path(job.output) / COMPARISON_NAME).write_text(
                json.dumps(full, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
            )
        state.update(crawl_id, summary=crawl_summary(result, failed, diff, len(changed)))

    def _previous_raw_findings(self, previous_id: int | None) -> list[Finding]:
        previous = self.coordinator.state.get(previous_id) if previous_id else None
        if previous is None or previous.store_crawl_id is None:
            return []
        try:
            with Store.open(previous.output, self.coordinator.options.store_url, create=False) as s:
                return s.findings(previous.store_crawl_id)
        except StoreError:
            return []

    def finished(self, crawl_id: int) -> None:
        """A site's crawl is finished: notify, then apply the site's retention."""
        job = self.coordinator.state.get(crawl_id)
        site = self.sites.get(job.site_id) if job and job.site_id else None
        if job is None or site is None:
            return
        if site.webhook_url:
            self.notifier.submit(self._notify, job.id, site.id, site.webhook_url)
        if site.email_to and self.coordinator.options.smtp is not None:
            self.notifier.submit(self._mail, job.id, site.id, site.email_to)
        self.prune(site)

    def _notify(self, crawl_id: int, site_id: int, url: str) -> None:
        state = self.coordinator.state
        job, site = state.get(crawl_id), self.sites.get(site_id)
        if job is None or site is None:
            return
        delivery = deliver_webhook(
            url,
            webhook_payload(job, site, self.coordinator.options.public_url),
            allow_private=self.coordinator.options.allow_private,
            backoff=self.backoff,
        )
        log.info(
            "webhook for crawl %s: %s after %d attempt(s)",
            crawl_id,
            delivery.status,
            delivery.attempts,
        )
        self._record(
            crawl_id,
            "webhook",
            {
                "status": delivery.status,
                "attempts": delivery.attempts,
                "code": delivery.code,
                "error": delivery.error,
            },
        )

    def _mail(self, crawl_id: int, site_id: int, email_to: str) -> None:
        smtp = self.coordinator.options.smtp
        job, site = self.coordinator.state.get(crawl_id), self.sites.get(site_id)
        if job is None or site is None or smtp is None:
            return
        recipients = parse_recipients(email_to)
        payload = webhook_payload(job, site, self.coordinator.options.public_url)
        status, attempts, error = send_mail(
            smtp, crawl_message(payload, smtp.sender, recipients), self.backoff
        )
        log.info("e-mail for crawl %s: %s after %d attempt(s)", crawl_id, status, attempts)
        self._record(crawl_id, "email", {"status": status, "attempts": attempts, "error": error})

    def _record(self, crawl_id: int, channel: str, outcome: dict[str, Any]) -> None:
        """Note how a notification went in the crawl's summary (one writer at a time)."""
        with self.record_lock:
            job = self.coordinator.state.get(crawl_id)
            if job is not None:
                summary = {**job.summary, channel: {**outcome, "at": now()}}
                self.coordinator.state.update(crawl_id, summary=summary)

    def prune(self, site: Site) -> list[int]:
        """Delete the folders (stores, reports) of the site's crawls past its retention."""
        crawls = self.coordinator.state.of_site(site.id)
        pruned = []
        for crawl in retention_victims(crawls, site, datetime.now(UTC)):
            if crawl.output:
                shutil.rmtree(crawl.output, ignore_errors=True)
            self.coordinator.state.update(crawl.id, pruned_at=now())
            pruned.append(crawl.id)
        if pruned:
            log.info("retention of site %s deleted crawls %s", site.id, pruned)
        return pruned


def webhook_payload(job: CrawlJob, site: Site, public_url: str) -> dict[str, Any]:
    """The JSON a site's webhook receives after each finished crawl."""
    summary = job.summary
    comparison = summary.get("comparison") or {}
    base = public_url.rstrip("/")
    return {
        "event": "crawl.finished",
        "crawl": job.id,
        "site": {"id": site.id, "name": site.name},
        "state": job.state,
        "health": summary.get("health"),
        "errors": (summary.get("findings") or {}).get("error", 0),
        "new_errors": comparison.get("new_errors", 0),
        "compared_with": job.compared_with,
        "comparison": comparison or None,
        "report": f"{base}/crawls/{job.id}/report/",
        "api": f"{base}/api/crawls/{job.id}",
    }
