"""Run the service's crawls on Scrapyd: schedule, follow, cancel, resume, analyse.

One poller thread follows Scrapyd's job list; finished crawls are analysed in a worker
thread. The service database is the source of truth: after a restart, crawls that were
running become ``interrupted`` (resumable) and queued ones are handed to Scrapyd again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.app.audit import AuditResult, analyse_crawl
from siteaudit.app.crawl_diff import CrawlRef
from siteaudit.core.config import CrawlConfig
from siteaudit.crawler import settings as crawler_settings
from siteaudit.crawler.address_guard import FORBID_SETTING
from siteaudit.crawler.rendering.support import render_stats
from siteaudit.service.notify_email import SmtpSettings
from siteaudit.service.progress_file import PROGRESS_SETTING, read_progress
from siteaudit.service.scrapyd_runner import (
    JobStatus,
    ScrapydClient,
    ScrapydError,
    ScrapydProcess,
)
from siteaudit.service.state import CrawlJob, ServiceState, now
from siteaudit.store import Store, StoreDamaged, StoreError

log = logging.getLogger("siteaudit.service")

JOB_STATE_DIR = ".crawl-state"  # the same folder `siteaudit crawl --resume` uses
PROGRESS_NAME = "progress.json"
_POLL_S = 0.5
# Cancel sends SIGTERM: Scrapy's graceful close, which flushes the pipelines and writes the
# stats. It no longer waits out download delays (crawler/prompt_shutdown.py) but still waits
# for downloads in flight, up to the crawl's timeout each. Still running after the first
# grace, the crawl gets a second SIGTERM (Scrapy then stops at once); after the second,
# SIGKILL. Either way the store holds every page written so far (it is written in
# transactions), and resume continues from it.
CANCEL_ESCALATION = ((5.0, "TERM"), (10.0, "KILL"))
_COMPLETED_REASONS = ("finished", "closespider_pagecount")
_ENDED = JobStatus("finished")


@dataclass(frozen=True, slots=True)
class ServiceOptions:
    """How one `siteaudit serve` runs: where, how many crawls, which limits."""

    data_dir: Path
    max_running: int = 2  # crawls at once; the rest queue in Scrapyd
    max_pages_per_crawl: int = 10_000
    max_active_per_token: int = 3
    allow_private: bool = False
    private_reads: bool = False
    # The service's records and every crawl in this database (postgresql://...) instead of
    # <data>/service.db and one siteaudit.db per crawl folder.
    store_url: str | None = None
    # Where people reach this service: the base of links in webhooks and e-mails.
    public_url: str = "http://127.0.0.1:8080"
    # Sites' e-mail notifications go through this SMTP server (none: no e-mail).
    smtp: SmtpSettings | None = None


def _recorded(stats: Mapping[str, object], key: str) -> float:
    """A count this service wrote into a crawl's stats on an earlier run (0 when absent)."""
    return cast(float, stats.get(key, 0))


def guard_settings(options: ServiceOptions) -> dict[str, str]:
    """Scrapy settings of the SSRF guard's second half: every connection of the crawl is
    refused on a non-public address unless the service runs with --allow-private (the
    first half, at admission, checks the request's URLs; DNS can answer differently later)."""
    return {FORBID_SETTING: str(not options.allow_private)}


class DataDirBusy(RuntimeError):
    """Another service already runs on this data folder."""


def lock_data_dir(data_dir: Path) -> int:
    """Hold an exclusive lock on the data folder for the life of this process."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / "service.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise DataDirBusy(f"another siteaudit service is using {data_dir}") from None
    return fd


class CrawlNotFound(LookupError):
    """No crawl with that id."""


class CrawlConflict(RuntimeError):
    """The crawl is not in a state that allows the request."""


def _pages_and_errors(
    output: Path, store_crawl_id: int, store_url: str | None = None
) -> tuple[int, int]:
    """Pages stored so far and how many failed, read from the crawl's store."""
    try:
        with Store.open(output, store_url, create=False) as store:
            return store.count_pages(store_crawl_id), store.count_failed_pages(store_crawl_id)
    except StoreError:
        return 0, 0  # not created yet, or busy: the figures come on the next poll


def job_config(job: CrawlJob) -> CrawlConfig:
    """The crawl config of a service crawl: its options and start URL(s)."""
    starts = job.options.get("start_urls") or [job.url]
    return CrawlConfig.from_dict({**job.options, "start_urls": starts})


def scrapyd_job_request(
    config: CrawlConfig, output: Path, store_crawl_id: int | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The settings and spider arguments of one Scrapyd run of a crawl.

    The settings here are only this run's paths and ids: the spider gets its whole config as
    one JSON argument and derives the rest from it (siteaudit.crawler.settings_map), exactly
    as `siteaudit crawl` does.
    """
    extensions = dict(getattr(crawler_settings, "EXTENSIONS", {}))
    extensions["siteaudit.service.progress_file.ProgressFile"] = 600
    settings = {
        "SITEAUDIT_OUTPUT": str(output),
        "SITEAUDIT_CRAWL_ID": str(store_crawl_id),
        "SITEAUDIT_PROGRESS": "never",
        PROGRESS_SETTING: str(output / PROGRESS_NAME),
        "JOBDIR": str(output / JOB_STATE_DIR),
        "EXTENSIONS": json.dumps(extensions),
        "LOG_LEVEL": "INFO",
    }
    return settings, {"config_json": json.dumps(config.to_dict())}


class CrawlCoordinator:
    """The service's crawls on one Scrapyd: the only writer of crawl states."""

    def __init__(self, options: ServiceOptions) -> None:
        self.options = options
        self.lock_fd = lock_data_dir(options.data_dir)
        self.crawls_dir = options.data_dir / "crawls"
        self.state = ServiceState.in_folder(options.data_dir, options.store_url)
        self.scrapyd = ScrapydProcess(options.data_dir / "scrapyd", options.max_running)
        self.client: ScrapydClient | None = None
        self.analysis = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self.stopping = threading.Event()
        self.poller: threading.Thread | None = None
        # Sites' follow-up (service.site_runs): the summary and comparison of an analysed
        # crawl before it shows as finished; then notifications and retention.
        self.after_analysis: Callable[[int, AuditResult], None] | None = None
        self.after_finished: Callable[[int], None] | None = None
        self.lock = threading.Lock()  # one state transition at a time
        # Crawls cancelled while running: when the first signal went, how many were sent.
        self.cancelling: dict[int, tuple[float, int]] = {}

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Start Scrapyd, reconcile what a previous run left, start following jobs."""
        self.scrapyd.start()
        self.client = ScrapydClient(self.scrapyd.url)
        self._reconcile_after_restart()
        self.poller = threading.Thread(target=self._poll_forever, name="poller", daemon=True)
        self.poller.start()

    def stop(self, timeout: float = 20.0) -> None:
        """Stop following; stop running crawls gracefully so they can be resumed; stop Scrapyd."""
        self.stopping.set()
        if self.poller is not None:
            self.poller.join(timeout)
        running = self.state.in_states(("queued", "running"))
        if self.client is not None:
            for job in running:
                if job.job:
                    with contextlib.suppress(ScrapydError):
                        self.client.cancel(job.job)
            started = time.monotonic()
            hurried = False
            while time.monotonic() < started + timeout:
                try:
                    jobs = self.client.jobs()
                except ScrapydError:
                    break
                if not any(s.state in ("pending", "running") for s in jobs.values()):
                    break
                if not hurried and time.monotonic() - started > CANCEL_ESCALATION[0][0]:
                    # A crawl waiting out a download delay: stop it now (still resumable).
                    hurried = True
                    for job in running:
                        if job.job and jobs.get(job.job, _ENDED).state == "running":
                            with contextlib.suppress(ScrapydError):
                                self.client.cancel(job.job)
                time.sleep(0.2)
            self.client.close()
        self.scrapyd.stop()
        # Left as running/queued on purpose: the next start marks them interrupted.
        self.analysis.shutdown(wait=True, cancel_futures=True)
        self.state.close()
        os.close(self.lock_fd)
        log.info("service stopped; %d crawl(s) cut off, resumable after the restart", len(running))

    def _reconcile_after_restart(self) -> None:
        for job in self.state.in_states(("queued", "running", "analysing")):
            if job.state == "queued" and not job.cancel_requested:
                # Never started: Scrapyd's new queue does not know it, so hand it over again.
                self._schedule(job.id)
            elif job.state == "analysing":
                self.analysis.submit(self._analyse, job.id)
            else:
                _stop_stale_process(job.pid, job.job)
                self._close_store_crawl(job.id, "interrupted")
                self.state.update(
                    job.id,
                    state="interrupted",
                    finished_at=now(),
                    error="the service restarted during the crawl; resume it",
                    progress=self._final_progress(job.id, None),
                )

    # -- requests ------------------------------------------------------------------------

    def submit(
        self,
        url: str,
        options: dict[str, Any],
        owner: str,
        *,
        site_id: int | None = None,
        started_by: str = "api",
        files: Mapping[str, str] | None = None,
    ) -> int:
        """Record a crawl and queue it on Scrapyd; return its id. ``files`` (name -> text)
        go into its folder first: a site's glossary.toml and suppressions.toml."""
        job = self.state.add(url, options, owner, site_id=site_id, started_by=started_by)
        output = self.crawls_dir / str(job.id)
        config = job_config(job).validate()
        output.mkdir(parents=True, exist_ok=True)
        for name, text in (files or {}).items():
            (output / name).write_text(text, encoding="utf-8")
        with self._store(output) as store:
            store_crawl_id = store.begin_crawl(list(config.start_urls), config.to_dict())
        self.state.update(job.id, output=str(output), store_crawl_id=store_crawl_id)
        try:
            self._schedule(job.id)
        except ScrapydError:
            self.state.update(job.id, state="failed", finished_at=now(), error="not scheduled")
            raise
        return job.id

    def cancel(self, crawl_id: int) -> None:
        """Cancel a queued or running crawl; what it crawled stays (and can be resumed)."""
        with self.lock:
            job = self._get(crawl_id)
            if job.state not in ("queued", "running"):
                raise CrawlConflict(
                    f"crawl {crawl_id} is {job.state}; only queued or running "
                    "crawls can be cancelled"
                )
            if job.cancel_requested and crawl_id in self.cancelling:
                # Cancelled again while still stopping: escalate now, without the grace.
                self._escalate_cancel(crawl_id, job.job, force=True)
                return
            self.state.update(crawl_id, cancel_requested=True)
            if job.job and self.client is not None:
                prev = self.client.cancel(job.job)
                if prev == "pending" or prev is None:
                    self._finish_stopped(crawl_id, "cancelled", None)
                else:
                    self.cancelling[crawl_id] = (time.monotonic(), 0)

    def resume(self, crawl_id: int) -> None:
        """Schedule an interrupted, cancelled or failed crawl again, from where it stopped."""
        with self.lock:
            job = self._get(crawl_id)
            if job.state not in ("interrupted", "cancelled", "failed") or job.runs == 0:
                raise CrawlConflict(
                    f"crawl {crawl_id} is {job.state}; only interrupted, "
                    "cancelled or failed crawls that started can be resumed"
                )
            if job.store_crawl_id is not None:
                with self._store(job.output) as store:
                    store.resume_crawl(job.store_crawl_id)
            self.state.update(crawl_id, cancel_requested=False, error=None, finished_at=None)
            self._schedule(crawl_id)

    def _store(self, output: Path | str, *, create: bool = True) -> Store:
        """The store a crawl of this service writes to."""
        return Store.open(output, self.options.store_url, create=create)

    def _get(self, crawl_id: int) -> Any:
        job = self.state.get(crawl_id)
        if job is None:
            raise CrawlNotFound(f"no crawl {crawl_id}")
        return job

    def progress(self, crawl_id: int) -> dict[str, int]:
        """Pages done, queued and errors: live while running, as recorded afterwards."""
        job = self._get(crawl_id)
        if job.state not in ("queued", "running") or job.store_crawl_id is None:
            return dict(job.progress) or {"pages": 0, "queued": 0, "errors": 0}
        output = Path(job.output)
        pages, errors = _pages_and_errors(output, job.store_crawl_id, self.options.store_url)
        live = read_progress(output / PROGRESS_NAME)
        return {"pages": pages, "queued": int(live.get("queued", 0)), "errors": errors}

    # -- Scrapyd -------------------------------------------------------------------------

    def _schedule(self, crawl_id: int) -> None:
        job = self._get(crawl_id)
        assert self.client is not None
        output = Path(job.output)
        config = job_config(job)
        (output / PROGRESS_NAME).unlink(missing_ok=True)
        run = job.runs + 1
        settings, args = scrapyd_job_request(config, output, job.store_crawl_id)
        settings.update(guard_settings(self.options))
        if self.options.store_url:
            settings["SITEAUDIT_STORE"] = self.options.store_url
        scrapyd_job = f"crawl-{crawl_id}-run-{run}"
        self.client.schedule(scrapyd_job, settings, args)
        self.state.update(crawl_id, state="queued", job=scrapyd_job, runs=run, pid=None)

    def _poll_forever(self) -> None:
        while not self.stopping.wait(_POLL_S):
            try:
                self.poll_once()
            except Exception:  # keep following jobs whatever one poll ran into
                log.exception("polling Scrapyd failed")

    def poll_once(self) -> None:
        """Bring crawl states up to date with Scrapyd's job list."""
        assert self.client is not None
        jobs = self.client.jobs()
        for job in self.state.in_states(("queued", "running")):
            if self.stopping.is_set():
                return
            status = jobs.get(job.job or "")
            if status is None or status.state == "pending":
                continue
            if status.state == "running":
                if job.state != "running":
                    self.state.update(
                        job.id,
                        state="running",
                        stage="crawling",
                        pid=status.pid,
                        started_at=job.started_at or now(),
                    )
                if job.id in self.cancelling:
                    with self.lock:
                        self._escalate_cancel(job.id, job.job)
                continue
            self._job_ended(job.id)

    def _escalate_cancel(self, crawl_id: int, scrapyd_job: str | None, force: bool = False) -> None:
        """Send the next signal of CANCEL_ESCALATION once its grace is over (or at once)."""
        started, sent = self.cancelling[crawl_id]
        if sent >= len(CANCEL_ESCALATION) or not scrapyd_job or self.client is None:
            return
        after, signal_name = CANCEL_ESCALATION[sent]
        if not force and time.monotonic() - started < after:
            return
        log.info("crawl %s still running after cancel: sending SIG%s", crawl_id, signal_name)
        self.cancelling[crawl_id] = (started, sent + 1)
        with contextlib.suppress(ScrapydError):  # it may have ended meanwhile
            self.client.cancel(scrapyd_job, signal_name)

    def _job_ended(self, crawl_id: int) -> None:
        with self.lock:
            job = self._get(crawl_id)
            if job.state not in ("queued", "running"):
                return
            output = Path(job.output)
            live = read_progress(output / PROGRESS_NAME)
            reason = live.get("finish_reason")
            self.cancelling.pop(crawl_id, None)
            if job.cancel_requested:
                self._finish_stopped(crawl_id, "cancelled", live)
            elif reason in _COMPLETED_REASONS:
                self._close_store_crawl(crawl_id, "finished", live)
                # The crawl's figures stay shown while it is analysed.
                self.state.update(
                    crawl_id,
                    state="analysing",
                    stage="analysing",
                    pid=None,
                    progress=self._final_progress(crawl_id, live),
                )
                self.analysis.submit(self._analyse, crawl_id)
            else:
                why = f"finish reason {reason!r}" if reason else "the crawl process died"
                self._finish_stopped(
                    crawl_id, "failed", live, error=f"crawl stopped early ({why}); see the log"
                )

    def _finish_stopped(
        self, crawl_id: int, state: str, live: dict[str, Any] | None, error: str | None = None
    ) -> None:
        self._close_store_crawl(crawl_id, "interrupted", live)
        self.state.update(
            crawl_id,
            state=state,
            stage=None,
            pid=None,
            finished_at=now(),
            error=error,
            progress=self._final_progress(crawl_id, live),
        )

    def _final_progress(self, crawl_id: int, live: dict[str, Any] | None) -> dict[str, int]:
        job = self._get(crawl_id)
        if job.store_crawl_id is None:
            return {"pages": 0, "queued": 0, "errors": 0}
        pages, errors = _pages_and_errors(
            Path(job.output), job.store_crawl_id, self.options.store_url
        )
        queued = int((live or {}).get("queued", 0))
        return {"pages": pages, "queued": queued, "errors": errors}

    def _close_store_crawl(
        self, crawl_id: int, status: str, live: dict[str, Any] | None = None
    ) -> None:
        """Record the end of this run in the crawl's own store, adding up the runs' figures."""
        job = self._get(crawl_id)
        if job.store_crawl_id is None:
            return
        scrapy_stats = (live or {}).get("stats", {})
        try:
            store = self._store(job.output, create=False)
        except StoreError:
            return  # the crawl never created its store
        with store:
            previous = store.crawl(job.store_crawl_id).stats
            pages = store.count_pages(job.store_crawl_id)
            crawl_s = round(
                float(scrapy_stats.get("elapsed_time_seconds", 0.0))
                + float(_recorded(previous, "crawl_s")),
                2,
            )
            stats = {
                "pages_crawled": pages,
                "crawl_s": crawl_s,
                "pages_per_s": round(pages / crawl_s, 1) if crawl_s else 0.0,
                "requests": int(scrapy_stats.get("downloader/request_count", 0))
                + int(_recorded(previous, "requests")),
                "responses": int(scrapy_stats.get("downloader/response_count", 0))
                + int(_recorded(previous, "responses")),
                "network_errors": int(scrapy_stats.get("downloader/exception_count", 0))
                + int(_recorded(previous, "network_errors")),
                "bytes": int(scrapy_stats.get("downloader/response_bytes", 0))
                + int(_recorded(previous, "bytes")),
                "finish_reason": (live or {}).get("finish_reason", "unknown"),
                "runs": int(_recorded(previous, "runs")) + 1,
            }
            stats.update(render_stats(job_config(job), scrapy_stats))
            if stats.get("render_notice"):
                log.warning("crawl %s: %s", crawl_id, stats["render_notice"])
            store.finish_crawl(job.store_crawl_id, status, stats)

    def previous_complete(self, job: CrawlJob) -> CrawlJob | None:
        """The latest finished crawl of the same site before ``job`` whose store is kept."""
        if job.site_id is None:
            return None
        for other in self.state.of_site(job.site_id):
            if other.id < job.id and other.state == "finished" and other.pruned_at is None:
                return other
        return None

    def _analyse(self, crawl_id: int) -> None:
        job = self._get(crawl_id)
        output = Path(job.output)
        previous = self.previous_complete(job)
        if previous is not None and previous.store_crawl_id is not None:
            compare_with = CrawlRef(
                Path(previous.output), previous.store_crawl_id, previous.id, crawl_id
            )
        else:
            compare_with = None
        glossary = output / "glossary.toml"
        try:
            result = analyse_crawl(
                output,
                job.store_crawl_id,
                store_url=self.options.store_url,
                options=AnalysisOptions(glossary=glossary) if glossary.is_file() else None,
                previous=compare_with,
                on_stage=lambda stage: self.state.update(crawl_id, stage=stage),
            )
        except Exception as exc:
            log.exception("analysis of crawl %s failed", crawl_id)
            # The API shows the kind of failure, not the message (it names server paths).
            reason = "the crawl's store is damaged" if isinstance(exc, StoreDamaged) else None
            self.state.update(
                crawl_id,
                state="failed",
                stage=None,
                finished_at=now(),
                error=f"analysis failed: {reason or type(exc).__name__}",
            )
            return
        self.state.update(
            crawl_id,
            compared_with=previous.id if compare_with and previous else None,
            progress=self._final_progress(crawl_id, None),
        )
        if self.after_analysis is not None:
            try:
                self.after_analysis(crawl_id, result)
            except Exception:  # the crawl and its report are done whatever follows
                log.exception("follow-up of crawl %s failed", crawl_id)
        self.state.update(crawl_id, state="finished", stage=None, finished_at=now())
        if self.after_finished is not None:
            self.after_finished(crawl_id)


def _stop_stale_process(pid: int | None, scrapyd_job: str | None) -> None:
    """Stop a crawl process a hard-killed service left behind, so a resume cannot race it."""
    if not pid or not scrapyd_job:
        return
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return  # gone, or no /proc: nothing to stop
    if b"scrapyd.runner" not in cmdline or scrapyd_job.encode() not in cmdline:
        return  # the pid was reused by another program
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if not Path(f"/proc/{pid}").exists():
            return
        time.sleep(0.1)
