"""The small web UI: a server-rendered list of crawls and a form to start one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError

from siteaudit.core.version import __version__
from siteaudit.service.admission import admit_crawl
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError
from siteaudit.service.models import CrawlRequest
from siteaudit.service.security import TokenRing

TEMPLATES = Path(__file__).resolve().parent / "templates"
# No scripts at all; the form posts only to this service.
UI_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
_MAX_FORM_BYTES = 16_384

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def render_index(
    coordinator: CrawlCoordinator,
    *,
    error: str | None = None,
    form_url: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The crawl list with the start form, optionally with an error above the form."""
    rows = [(job, coordinator.progress(job.id)) for job in coordinator.state.all()]
    html = _env.get_template("index.html").render(
        rows=rows,
        error=error,
        form_url=form_url,
        version=__version__,
        max_pages=coordinator.options.max_pages_per_crawl,
        private_reads=coordinator.options.private_reads,
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": UI_CSP})


def install_ui(app: FastAPI, coordinator: CrawlCoordinator, tokens: TokenRing) -> None:
    """Add the UI routes (left out of the OpenAPI description: they are for people)."""

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        if coordinator.options.private_reads:
            # A browser cannot send the bearer header; with private reads, use the API.
            return render_index_locked()
        return render_index(coordinator)

    @app.post("/ui/crawls", include_in_schema=False)
    async def start_from_form(request: Request) -> Response:
        raw = await request.body()
        if len(raw) > _MAX_FORM_BYTES:
            return render_index(coordinator, error="form too large", status=413)
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
        url = form.get("url", "").strip()
        owner = tokens.identify(form.get("token", ""))
        if owner is None:
            return render_index(
                coordinator, error="the API token is not valid", form_url=url, status=403
            )
        options: dict[str, object] = {}
        max_pages = form.get("max_pages", "").strip()
        if max_pages:
            # A form sends text; the options model takes JSON numbers only.
            options["max_pages"] = int(max_pages) if max_pages.isdigit() else max_pages
        try:
            body = CrawlRequest.model_validate({"url": url, "options": options})
            # Sync work (DNS, SQLite, Scrapyd) off the event loop, like the API's endpoints.
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(admit_crawl, coordinator, body, owner)
        except ValidationError as exc:
            message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            return render_index(coordinator, error=message, form_url=url, status=422)
        except ApiError as exc:
            return render_index(coordinator, error=exc.message, form_url=url, status=exc.status)
        return RedirectResponse("/", status_code=303)

    def render_index_locked() -> HTMLResponse:
        html = _env.get_template("locked.html").render(version=__version__)
        return HTMLResponse(html, headers={"Content-Security-Policy": UI_CSP})
