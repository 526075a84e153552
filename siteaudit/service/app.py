"""The HTTP API of `siteaudit serve` (FastAPI: the OpenAPI description comes with it)."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from siteaudit.core.version import __version__
from siteaudit.service.admission import admit_crawl, admit_resume
from siteaudit.service.body_limit import BodyLimit
from siteaudit.service.crawls import CrawlConflict, CrawlCoordinator, CrawlNotFound
from siteaudit.service.errors import ApiError, install_error_handlers
from siteaudit.service.models import (
    CrawlList,
    CrawlOut,
    CrawlRequest,
    ErrorOut,
    FindingList,
    Severity,
)
from siteaudit.service.security import TokenRing
from siteaudit.service.state import CrawlJob
from siteaudit.store import Store, StoreError

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
        (404, "no such crawl"),
        (409, "the crawl is not in a state that allows this"),
        (413, "request body over 64 KiB"),
        (422, "invalid request, option over a limit, or target refused"),
        (429, "too many active crawls for this token (or the crawl's owner, on resume)"),
    )
}


_bearer = HTTPBearer(auto_error=False, description="SITEAUDIT_API_TOKEN or a --token-file line")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def require_token(request: Request, credentials: Credentials) -> str:
    """The caller's token id; 401 without a token, 403 with a wrong one."""
    if credentials is None:
        raise ApiError(
            401,
            "unauthorized",
            "this call needs an API token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    owner = request.app.state.tokens.identify(credentials.credentials)
    if owner is None:
        raise ApiError(403, "forbidden", "the API token is not valid")
    return str(owner)


def require_reader(request: Request, credentials: Credentials) -> None:
    """Reads are open unless the service runs with --private-reads."""
    if request.app.state.coordinator.options.private_reads:
        require_token(request, credentials)


Owner = Annotated[str, Depends(require_token)]
Reader = Depends(require_reader)


def crawl_out(coordinator: CrawlCoordinator, job: CrawlJob) -> CrawlOut:
    """The API view of one crawl."""
    return CrawlOut.model_validate(
        {
            "id": job.id,
            "url": job.url,
            "state": job.state,
            "options": job.options,
            "progress": coordinator.progress(job.id),
            "runs": job.runs,
            "created_at": job.created_at,
            "started_at": job.started_at,
            "finished_at": job.finished_at,
            "error": job.error,
            "links": {
                "self": f"/api/crawls/{job.id}",
                "findings": f"/api/crawls/{job.id}/findings",
                "report": f"/crawls/{job.id}/report/",
            },
        }
    )


def create_app(coordinator: CrawlCoordinator, tokens: TokenRing) -> FastAPI:
    """The API and the web UI around one coordinator (started and stopped with the app)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        coordinator.start()
        try:
            yield
        finally:
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
        job = get_job(crawl_id)
        if not tokens.may_manage(caller, job.owner):
            raise ApiError(
                403,
                "not_owner",
                f"crawl {crawl_id} was started with another token; only that token or an "
                "admin token may cancel or resume it",
            )
        try:
            action(crawl_id)
        except CrawlNotFound as exc:
            raise ApiError(404, "not_found", str(exc)) from exc
        except CrawlConflict as exc:
            raise ApiError(409, "conflict", str(exc)) from exc
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

    from siteaudit.service.ui import install_ui

    install_ui(app, coordinator, tokens)
    return app
