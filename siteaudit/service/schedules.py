"""Sites' cron schedules on APScheduler (3.x), persisted in the service database.

Each scheduled site is one APScheduler job (``site-<id>``) in its SQLAlchemy job store
(table ``service_schedules`` next to the service's own tables), so schedules survive restarts.
After downtime a job whose runs were missed runs once (coalesced) if the last missed time is
within MISFIRE_GRACE_S; older misses are dropped. A run while the site's previous crawl is
still active is skipped and counted on the site (a site's crawls never overlap).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from siteaudit.service.errors import ApiError
from siteaudit.store.engine import Target, open_engine
from siteaudit.store.service_sites import Site, SiteRecords

log = logging.getLogger("siteaudit.service")

JOBS_TABLE = "service_schedules"
# A run missed while the service was down still happens at start-up within this long.
MISFIRE_GRACE_S = 3600
_FIELDS = ("second", "minute", "hour", "day", "month", "day_of_week")
StartCrawl = Callable[[Site], int]

# APScheduler stores a job's function by its import path, so the job finds the running
# service here (one service per process).
_ACTIVE: SiteScheduler | None = None


class ScheduleError(ValueError):
    """A cron expression APScheduler cannot read; the message says why."""


def parse_schedule(expression: str) -> CronTrigger:
    """A UTC cron trigger from 'minute hour day month weekday', or six fields, seconds first."""
    fields = expression.split()
    try:
        if len(fields) == 5:
            return CronTrigger.from_crontab(expression, timezone=UTC)
        if len(fields) == 6:
            return CronTrigger(**dict(zip(_FIELDS, fields, strict=True)), timezone=UTC)
    except ValueError as exc:
        raise ScheduleError(f"schedule {expression!r}: {exc}") from exc
    raise ScheduleError(
        f"schedule {expression!r}: expected 5 cron fields (minute hour day month weekday) "
        "or 6 (seconds first)"
    )


def run_scheduled_crawl(site_id: int) -> None:
    """The job function: start a crawl of the site (or record why not)."""
    if _ACTIVE is not None:
        _ACTIVE.run(site_id)


class SiteScheduler:
    """Keeps APScheduler's jobs in step with the sites' schedules and starts their crawls."""

    def __init__(self, target: Path | str, sites: SiteRecords, start_crawl: StartCrawl) -> None:
        self.sites = sites
        self.start_crawl = start_crawl
        self.engine = open_engine(Target.parse(target))
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine, tablename=JOBS_TABLE)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": MISFIRE_GRACE_S,
            },
            timezone=UTC,
        )

    def start(self) -> None:
        """Start firing jobs (missed ones first); bring jobs in step with the sites."""
        global _ACTIVE
        _ACTIVE = self
        self.scheduler.start()
        scheduled = {site.id: site for site in self.sites.all() if site.schedule}
        for job in self.scheduler.get_jobs():
            site_id = int(job.id.removeprefix("site-"))
            if site_id not in scheduled:
                job.remove()
        for site in scheduled.values():
            job = self.scheduler.get_job(_job_id(site.id))
            # An unchanged job keeps its next run time: a run missed while down still comes.
            if job is None or str(job.trigger) != str(parse_schedule(site.schedule or "")):
                self.sync(site)

    def stop(self) -> None:
        global _ACTIVE
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.engine.dispose()
        _ACTIVE = None

    def sync(self, site: Site) -> None:
        """Add, replace or remove the site's job after it was saved or deleted."""
        if site.schedule:
            self.scheduler.add_job(
                run_scheduled_crawl,
                parse_schedule(site.schedule),
                args=[site.id],
                id=_job_id(site.id),
                name=f"crawl of site {site.name}",
                replace_existing=True,
            )
        else:
            self.remove(site.id)

    def remove(self, site_id: int) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(_job_id(site_id))

    def next_run(self, site_id: int) -> str | None:
        """When the site's next scheduled crawl starts (ISO 8601 UTC), if scheduled."""
        job = self.scheduler.get_job(_job_id(site_id))
        when = job.next_run_time if job is not None else None
        return when.astimezone(UTC).isoformat(timespec="seconds") if when else None

    def run(self, site_id: int) -> None:
        site = self.sites.get(site_id)
        if site is None:
            self.remove(site_id)
            return
        try:
            crawl_id = self.start_crawl(site)
        except ApiError as exc:
            # The site's last crawl still runs (or its owner is at the limit): skip this run.
            log.info("scheduled crawl of site %s skipped: %s", site_id, exc.message)
            self.sites.record_skip(site_id)
            return
        log.info("scheduled crawl %s of site %s started", crawl_id, site_id)


def _job_id(site_id: int) -> str:
    return f"site-{site_id}"
