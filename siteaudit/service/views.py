"""The API's view of a crawl, shared by the crawl and site endpoints."""

from __future__ import annotations

from collections.abc import Callable

from siteaudit.service.crawls import CrawlConflict, CrawlCoordinator, CrawlNotFound
from siteaudit.service.errors import ApiError
from siteaudit.service.models import CrawlOut
from siteaudit.service.security import TokenRing
from siteaudit.service.state import CrawlJob

# A crawl's stage: its state, split up while it is analysed.
_STAGES = {"queued": "queued", "running": "crawling"}


def crawl_stage(job: CrawlJob) -> str:
    """queued, crawling, analysing, writing report, comparing, or done."""
    if job.state == "analysing":
        return job.stage or "analysing"
    return _STAGES.get(job.state, "done")


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
            "site_id": job.site_id,
            "started_by": job.started_by,
            "stage": crawl_stage(job),
            "summary": job.summary,
            "compared_with": job.compared_with,
            "pruned_at": job.pruned_at,
            "links": {
                "self": f"/api/crawls/{job.id}",
                "findings": f"/api/crawls/{job.id}/findings",
                "report": f"/crawls/{job.id}/report/",
                "comparison": f"/api/crawls/{job.id}/comparison",
                "site": f"/api/sites/{job.site_id}" if job.site_id else None,
            },
        }
    )


def manage_crawl(
    coordinator: CrawlCoordinator,
    tokens: TokenRing,
    job: CrawlJob,
    caller: str,
    action: Callable[[int], None],
) -> None:
    """Cancel or resume ``job`` for ``caller``, under the API's rules (403, 404, 409)."""
    if not tokens.may_manage(caller, job.owner):
        raise ApiError(
            403,
            "not_owner",
            f"crawl {job.id} was started with another token; only that token or an "
            "admin token may cancel or resume it",
        )
    try:
        action(job.id)
    except CrawlNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    except CrawlConflict as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
