"""The web UI: crawls and sites, server-rendered; a small script only refreshes progress.

Every page reads fully without JavaScript. Actions are forms posting to this service with the
API token typed into them (a browser cannot send the bearer header), and follow the API's
rules: the same owner checks, states and limits, with the API's messages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from siteaudit.core.version import __version__
from siteaudit.service.admission import admit_crawl, admit_resume
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError
from siteaudit.service.models import CrawlRequest, SiteEdit, SiteRequest
from siteaudit.service.security import TokenRing
from siteaudit.service.site_api import SiteService
from siteaudit.service.trend_chart import trend_chart
from siteaudit.service.views import crawl_stage, manage_crawl

TEMPLATES = Path(__file__).resolve().parent / "templates"
LIVE_SCRIPT = TEMPLATES / "live.js"
# Only this service's own script, which reads only this service's JSON; forms post here only.
UI_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
    "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_MAX_FORM_BYTES = 262_144  # a site's glossary and suppressions come in the form
_SITE_TEXT_FIELDS = ("name", "schedule", "webhook_url", "email_to", "glossary", "suppressions")

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
_env.globals["crawl_stage"] = crawl_stage


def when(stamp: str | None) -> str:
    """An ISO 8601 UTC time as '2026-05-04 03:00:00 UTC' (the live script writes the same)."""
    return f"{stamp.replace('T', ' ').removesuffix('+00:00')} UTC" if stamp else ""


_env.filters["when"] = when


class FormError(Exception):
    """A form the UI shows again with a message and a status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = _env.get_template(template).render(version=__version__, **values)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": UI_CSP})


async def _form(request: Request) -> dict[str, str]:
    raw = await request.body()
    if len(raw) > _MAX_FORM_BYTES:
        raise FormError("form too large", 413)
    return {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


def _site_values(form: dict[str, str]) -> dict[str, Any]:
    """A site form's fields as the API's JSON would give them."""
    values: dict[str, Any] = {k: form.get(k, "").strip() for k in _SITE_TEXT_FIELDS}
    values["start_urls"] = [u.strip() for u in form.get("start_urls", "").split() if u.strip()]
    options: dict[str, Any] = {}
    max_pages = form.get("max_pages", "").strip()
    if max_pages:
        options["max_pages"] = int(max_pages) if max_pages.isdigit() else max_pages
    values["options"] = options
    for key in ("keep_crawls", "keep_days"):
        text = form.get(key, "").strip()
        values[key] = (int(text) if text.isdigit() else text) if text else None
    return values


def install_ui(
    app: FastAPI, coordinator: CrawlCoordinator, tokens: TokenRing, sites: SiteService
) -> None:
    """Add the UI routes (left out of the OpenAPI description: they are for people)."""
    private = coordinator.options.private_reads

    def rows() -> list[Any]:
        names = {s.id: s.name for s in sites.sites.all()}
        return [
            (job, coordinator.progress(job.id), names.get(job.site_id or 0))
            for job in coordinator.state.all()
        ]

    def index_page(error: str | None = None, form_url: str = "", status: int = 200) -> Response:
        if private:
            # A browser cannot send the bearer header; with private reads, use the API.
            return _page("locked.html")
        return _page(
            "index.html",
            status,
            rows=rows(),
            error=error,
            form_url=form_url,
            max_pages=coordinator.options.max_pages_per_crawl,
        )

    def sites_page(
        error: str | None = None, form: dict[str, str] | None = None, status: int = 200
    ) -> Response:
        if private:
            return _page("locked.html")
        listed = [(site, sites.out(site)) for site in sites.sites.all()]
        return _page(
            "sites.html",
            status,
            sites=listed,
            error=error,
            form=form or {},
            max_pages=coordinator.options.max_pages_per_crawl,
        )

    def site_page(site_id: int, error: str | None = None, status: int = 200) -> Response:
        if private:
            return _page("locked.html")
        try:
            site = sites.get(site_id)
        except ApiError as exc:
            return _page("message.html", exc.status, message=exc.message)
        out = sites.out(site)
        history = [
            (job, coordinator.progress(job.id), site.name)
            for job in coordinator.state.of_site(site.id)
        ]
        return _page(
            "site.html",
            status,
            site=site,
            out=out,
            history=history,
            chart=trend_chart(out.trend),
            error=error,
            max_pages=coordinator.options.max_pages_per_crawl,
        )

    async def act(
        request: Request,
        action: Callable[[dict[str, str], str], Any],
        on_error: Callable[[str, int, dict[str, str]], Response],
        done: str | Callable[[Any], str],
    ) -> Response:
        """Run a form's action as its token's holder; show errors on the page they came from."""
        form: dict[str, str] = {}
        try:
            form = await _form(request)
            owner = tokens.identify(form.get("token", ""))
            if owner is None:
                raise FormError("the API token is not valid", 403)
            # Sync work (DNS, SQLite, Scrapyd) off the event loop, like the API's endpoints.
            result = await run_in_threadpool(action, form, owner)
        except FormError as exc:
            return on_error(exc.message, exc.status, form)
        except ValidationError as exc:
            return on_error(_validation_message(exc), 422, form)
        except ApiError as exc:
            return on_error(exc.message, exc.status, form)
        target = done if isinstance(done, str) else done(result)
        return RedirectResponse(target, status_code=303)

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return index_page()

    @app.get("/ui/live.js", include_in_schema=False)
    def live_script() -> Response:
        return FileResponse(
            LIVE_SCRIPT,
            media_type="text/javascript",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
        )

    @app.post("/ui/crawls", include_in_schema=False)
    async def start_from_form(request: Request) -> Response:
        def start(form: dict[str, str], owner: str) -> int:
            options: dict[str, object] = {}
            max_pages = form.get("max_pages", "").strip()
            if max_pages:
                # A form sends text; the options model takes JSON numbers only.
                options["max_pages"] = int(max_pages) if max_pages.isdigit() else max_pages
            url = form.get("url", "").strip()
            body = CrawlRequest.model_validate({"url": url, "options": options})
            return admit_crawl(coordinator, body, owner, started_by="ui")

        return await act(
            request,
            start,
            lambda msg, status, form: index_page(msg, form.get("url", "").strip(), status),
            "/",
        )

    def crawl_action(name: str) -> Callable[[Request, int], Awaitable[Response]]:
        async def handle(request: Request, crawl_id: int) -> Response:
            def run(_: dict[str, str], owner: str) -> None:
                job = coordinator.state.get(crawl_id)
                if job is None:
                    raise ApiError(404, "not_found", f"no crawl {crawl_id}")
                action = (
                    coordinator.cancel
                    if name == "cancel"
                    else (lambda cid: admit_resume(coordinator, cid))
                )
                manage_crawl(coordinator, tokens, job, owner, action)

            back = request.query_params.get("back", "/")
            back = back if back.startswith("/") and not back.startswith("//") else "/"
            return await act(request, run, lambda msg, status, _: index_page(msg, "", status), back)

        return handle

    app.post("/ui/crawls/{crawl_id}/cancel", include_in_schema=False)(crawl_action("cancel"))
    app.post("/ui/crawls/{crawl_id}/resume", include_in_schema=False)(crawl_action("resume"))

    @app.get("/sites", include_in_schema=False)
    def sites_index() -> Response:
        return sites_page()

    @app.post("/ui/sites", include_in_schema=False)
    async def create_site(request: Request) -> Response:
        def create(form: dict[str, str], owner: str) -> int:
            values = {k: v for k, v in _site_values(form).items() if v not in (None, "")}
            return sites.create(SiteRequest.model_validate(values), owner).id

        return await act(
            request,
            create,
            lambda msg, status, form: sites_page(msg, form, status),
            lambda site_id: f"/sites/{site_id}",
        )

    @app.get("/sites/{site_id}", include_in_schema=False)
    def site_detail(site_id: int) -> Response:
        return site_page(site_id)

    @app.post("/ui/sites/{site_id}", include_in_schema=False)
    async def edit_site(request: Request, site_id: int) -> Response:
        def edit(form: dict[str, str], owner: str) -> None:
            values = _site_values(form)
            if not values["start_urls"]:
                del values["start_urls"]
            sites.edit(sites.get(site_id), SiteEdit.model_validate(values), owner)

        return await act(
            request,
            edit,
            lambda msg, status, _: site_page(site_id, msg, status),
            f"/sites/{site_id}",
        )

    @app.post("/ui/sites/{site_id}/crawls", include_in_schema=False)
    async def crawl_site(request: Request, site_id: int) -> Response:
        def start(_: dict[str, str], owner: str) -> int:
            return sites.crawl_now(sites.get(site_id), owner, started_by="ui")

        return await act(
            request,
            start,
            lambda msg, status, _: site_page(site_id, msg, status),
            f"/sites/{site_id}",
        )

    @app.post("/ui/sites/{site_id}/delete", include_in_schema=False)
    async def delete_site(request: Request, site_id: int) -> Response:
        def delete(_: dict[str, str], owner: str) -> None:
            sites.delete(sites.get(site_id), owner)

        return await act(
            request, delete, lambda msg, status, _: site_page(site_id, msg, status), "/sites"
        )
