"""The HTTP API of `siteaudit serve` (FastAPI: the OpenAPI description comes with it)."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Query
from fastapi.responses import FileResponse, RedirectResponse, Response

from siteaudit.core.version import __version__
from siteaudit.service.admission import admit_crawl, admit_resume
from siteaudit.service.auth import Owner, Reader
from siteaudit.service.body_limit import BodyLimit
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError, install_error_handlers
from siteaudit.service.models import (
    CrawlList,
    CrawlOut,
    CrawlRequest,
    ErrorOut,
    FindingList,
    Severity,
)
from siteaudit.service.schedules import SiteScheduler
from siteaudit.service.security import TokenRing
from siteaudit.service.site_api import SiteService, site_router
from siteaudit.service.site_runs import SiteRuns
from siteaudit.service.state import SERVICE_DB, CrawlJob
from siteaudit.service.ui import install_ui
from siteaudit.service.views import crawl_out, manage_crawl
from siteaudit.store import Store, StoreError
from siteaudit.store.service_sites import SiteRecords

REPORT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# Files written next to report/ that the report links to (../worklist.csv from the editor).
_REPORT_SIBLINGS = ("worklist.csv", "worklist.json")
# Crawl ids are BIGINTs in the store: a larger id names no crawl (and overflows the driver).
_MAX_CRAWL_ID = 2**63 - 1
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "malformed JSON"),
        (401, "no API token"),
        (403, "wrong API token, or the crawl was started with another token"),
        (404, "no such crawl or site"),
        (409, "the crawl is not in a state that allows this, or the site's name is taken"),
        (413, "request body over 64 KiB"),
        (422, "invalid request, option over a limit, or target refused"),
        (429, "too many active crawls for this token (or the crawl's owner, on resume)"),
    )
}


def create_app(coordinator: CrawlCoordinator, tokens: TokenRing) -> FastAPI:
    """The API and the web UI around one coordinator (started and stopped with the app)."""

    sites = SiteRecords(coordinator.state)
    runs = SiteRuns(coordinator, sites)
    scheduler = SiteScheduler(
        coordinator.options.store_url or coordinator.options.data_dir / SERVICE_DB,
        sites,
        lambda site: site_service.start_scheduled(site),
    )
    site_service = SiteService(coordinator, sites, scheduler, tokens)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        coordinator.start()
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()
            runs.close()
            coordinator.stop()

    app = FastAPI(
        title="siteaudit service",
        version=__version__,
        description=(
            "Start site audits, follow their progress, read findings and reports. Calls that "
            "change state need `Authorization: Bearer <token>`."
        ),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads assets from a CDN; the service makes no such requests
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    app.state.coordinator = coordinator
    app.state.tokens = tokens
    app.state.sites = site_service
    app.include_router(site_router(site_service, _ERRORS))

    def get_job(crawl_id: int) -> CrawlJob:
        job = coordinator.state.get(crawl_id) if 0 < crawl_id <= _MAX_CRAWL_ID else None
        if job is None:
            raise ApiError(404, "not_found", f"no crawl {crawl_id}")
        return job

    @app.post(
        "/api/crawls", status_code=202, response_model=CrawlOut, responses=_ERRORS, tags=["crawls"]
    )
    def start_crawl(body: CrawlRequest, owner: Owner, response: Response) -> CrawlOut:
        """Queue a crawl; answers at once with its id (the crawl runs in its own process)."""
        crawl_id = admit_crawl(coordinator, body, owner)
        response.headers["Location"] = f"/api/crawls/{crawl_id}"
        return crawl_out(coordinator, get_job(crawl_id))

    @app.get("/api/crawls", response_model=CrawlList, tags=["crawls"], dependencies=[Reader])
    def list_crawls() -> CrawlList:
        """Every crawl, newest first, with state and progress."""
        return CrawlList(crawls=[crawl_out(coordinator, j) for j in coordinator.state.all()])

    @app.get(
        "/api/crawls/{crawl_id}",
        response_model=CrawlOut,
        responses=_ERRORS,
        tags=["crawls"],
        dependencies=[Reader],
    )
    def get_crawl(crawl_id: int) -> CrawlOut:
        """One crawl: state, progress (pages done, queued, errors), times."""
        return crawl_out(coordinator, get_job(crawl_id))

    def _transition(crawl_id: int, caller: str, action: Callable[[int], None]) -> CrawlOut:
        manage_crawl(coordinator, tokens, get_job(crawl_id), caller, action)
        return crawl_out(coordinator, get_job(crawl_id))

    @app.post(
        "/api/crawls/{crawl_id}/cancel",
        status_code=202,
        response_model=CrawlOut,
        responses=_ERRORS,
        tags=["crawls"],
    )
    def cancel_crawl(crawl_id: int, owner: Owner) -> CrawlOut:
        """Stop a queued or running crawl within seconds; what it fetched is kept and it can be
        resumed. Only the token that started it, or an admin token, may cancel it."""
        return _transition(crawl_id, owner, coordinator.cancel)

    @app.post(
        "/api/crawls/{crawl_id}/resume",
        status_code=202,
        response_model=CrawlOut,
        responses=_ERRORS,
        tags=["crawls"],
    )
    def resume_crawl(crawl_id: int, owner: Owner) -> CrawlOut:
        """Continue an interrupted, cancelled or failed crawl where it stopped. Only the token
        that started it, or an admin token, may resume it; it counts towards its owner's limit
        of active crawls."""
        return _transition(crawl_id, owner, lambda cid: admit_resume(coordinator, cid))

    @app.get(
        "/api/crawls/{crawl_id}/findings",
        response_model=FindingList,
        responses=_ERRORS,
        tags=["findings"],
        dependencies=[Reader],
    )
    def crawl_findings(
        crawl_id: int,
        check: Annotated[list[str] | None, Query(description="check id(s) to keep")] = None,
        severity: Annotated[list[Severity] | None, Query(description="severities to keep")] = None,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> FindingList:
        """The findings of a finished crawl, filterable by check and severity."""
        job = get_job(crawl_id)
        if job.state != "finished" or job.store_crawl_id is None:
            raise ApiError(
                409,
                "not_ready",
                f"crawl {crawl_id} is {job.state}; findings come when it is finished",
            )
        try:
            with Store.open(job.output, coordinator.options.store_url, create=False) as store:
                findings = store.findings(job.store_crawl_id)
        except StoreError as exc:
            raise ApiError(404, "not_found", f"crawl {crawl_id} has no stored findings") from exc
        kept = [
            f
            for f in findings
            if (not check or f.check in check) and (not severity or str(f.severity) in severity)
        ]
        kept.sort(key=lambda f: (f.severity.rank, f.check, f.url, f.message))
        page = kept[offset : offset + limit]
        return FindingList.model_validate(
            {"crawl": crawl_id, "total": len(kept), "findings": [f.to_dict() for f in page]}
        )

    def serve_file(target: Path) -> Response:
        media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return FileResponse(
            target,
            media_type=media_type,
            headers={"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"},
        )

    @app.get(
        "/crawls/{crawl_id}/report/{path:path}", include_in_schema=False, dependencies=[Reader]
    )
    def report_file(crawl_id: int, path: str) -> Response:
        """The crawl's HTML report, served from its output folder."""
        job = get_job(crawl_id)
        root = (Path(job.output) / "report").resolve()
        try:
            target = (root / path).resolve()
            folder = target.is_dir()
            if folder:
                target = target / "index.html"
            found = target.is_relative_to(root) and target.is_file()
        except (OSError, ValueError):  # a NUL byte, a name or path too long for the system
            found = folder = False
        if not found:
            raise ApiError(
                404,
                "not_found",
                f"crawl {crawl_id} has no report file {path!r} (state: {job.state})",
            )
        if folder and path and not path.endswith("/"):
            # As a static server does: the page's relative links resolve from the folder.
            return RedirectResponse(f"/crawls/{crawl_id}/report/{quote(path)}/", status_code=307)
        return serve_file(target)

    @app.get(
        "/crawls/{crawl_id}/{name}",
        include_in_schema=False,
        dependencies=[Reader],
    )
    def output_file(crawl_id: int, name: str) -> Response:
        """The worklist next to the report folder, where the report's links expect it."""
        job = get_job(crawl_id)
        if name == "report":
            return RedirectResponse(f"/crawls/{crawl_id}/report/", status_code=307)
        target = Path(job.output) / name
        if name not in _REPORT_SIBLINGS or not target.is_file():
            raise ApiError(404, "not_found", f"crawl {crawl_id} has no file {name!r}")
        return serve_file(target)

    install_ui(app, coordinator, tokens, site_service)
    return app
