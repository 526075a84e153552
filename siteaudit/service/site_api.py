"""The API of sites (projects): create, edit, delete, list; their crawls, trend, comparison."""

from __future__ import annotations

import json
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Response

from siteaudit.analysis.glossary import GlossaryError, parse_glossary
from siteaudit.app.suppressions import SuppressionError, load_suppressions
from siteaudit.service.admission import admit_site_crawl, checked_options
from siteaudit.service.auth import Owner, Reader
from siteaudit.service.crawls import CrawlCoordinator
from siteaudit.service.errors import ApiError
from siteaudit.service.models import (
    CrawlList,
    CrawlOut,
    SiteEdit,
    SiteFields,
    SiteList,
    SiteOut,
    SiteRequest,
    TrendPoint,
)
from siteaudit.service.notify_email import AddressError, parse_recipients
from siteaudit.service.schedules import ScheduleError, SiteScheduler, parse_schedule
from siteaudit.service.security import TargetRefused, TokenRing, check_target_url
from siteaudit.service.site_runs import COMPARISON_NAME
from siteaudit.service.views import crawl_out
from siteaudit.store.service_sites import Site, SiteNameTaken, SiteRecords

_MAX_ID = 2**63 - 1


class SiteService:
    """Sites and what they set in motion: the API and the UI both act through this."""

    def __init__(
        self,
        coordinator: CrawlCoordinator,
        sites: SiteRecords,
        scheduler: SiteScheduler,
        tokens: TokenRing,
    ) -> None:
        self.coordinator = coordinator
        self.sites = sites
        self.scheduler = scheduler
        self.tokens = tokens

    def get(self, site_id: int) -> Site:
        site = self.sites.get(site_id) if 0 < site_id <= _MAX_ID else None
        if site is None:
            raise ApiError(404, "not_found", f"no site {site_id}")
        return site

    def check_owner(self, site: Site, caller: str) -> None:
        if not self.tokens.may_manage(caller, site.owner):
            raise ApiError(
                403,
                "not_owner",
                f"site {site.id} was made with another token; only that token or an admin "
                "token may change it or crawl it",
            )

    def create(self, body: SiteRequest, owner: str) -> Site:
        values = self._checked(body, None)
        try:
            site = self.sites.add(values, owner)
        except SiteNameTaken as exc:
            raise ApiError(409, "name_taken", str(exc)) from exc
        self.scheduler.sync(site)
        return site

    def edit(self, site: Site, body: SiteEdit, caller: str) -> Site:
        self.check_owner(site, caller)
        values = self._checked(body, site)
        try:
            edited = self.sites.edit(site.id, values)
        except SiteNameTaken as exc:
            raise ApiError(409, "name_taken", str(exc)) from exc
        if edited is None:
            raise ApiError(404, "not_found", f"no site {site.id}")
        self.scheduler.sync(edited)
        return edited

    def delete(self, site: Site, caller: str) -> None:
        self.check_owner(site, caller)
        self.scheduler.remove(site.id)
        self.sites.delete(site.id)

    def crawl_now(self, site: Site, caller: str, started_by: str = "api") -> int:
        self.check_owner(site, caller)
        return admit_site_crawl(self.coordinator, site, site.owner, started_by)

    def start_scheduled(self, site: Site) -> int:
        return admit_site_crawl(self.coordinator, site, site.owner, "schedule")

    def _checked(self, body: SiteFields, current: Site | None) -> dict[str, Any]:
        """The fields the request sets, checked as a crawl request's would be (422)."""
        given = body.model_dump(exclude_unset=True)
        if "options" in given:
            given["options"] = body.options.to_config() if body.options else {}
        for key in ("schedule", "webhook_url", "email_to", "glossary", "suppressions"):
            if isinstance(given.get(key), str) and not given[key].strip():
                given[key] = None  # an empty form field clears it
        starts = given.get("start_urls") or (current.start_urls if current else [])
        options = given.get("options", current.options if current else {})
        if "start_urls" in given or "options" in given:
            checked_options(self.coordinator, starts, options)
        if given.get("schedule"):
            try:
                parse_schedule(given["schedule"])
            except ScheduleError as exc:
                raise ApiError(422, "invalid_schedule", str(exc)) from exc
        if given.get("webhook_url"):
            try:
                check_target_url(
                    given["webhook_url"], allow_private=self.coordinator.options.allow_private
                )
            except TargetRefused as exc:
                raise ApiError(422, "target_refused", f"webhook_url: {exc}") from exc
        if given.get("email_to"):
            if self.coordinator.options.smtp is None:
                raise ApiError(
                    422, "email_unavailable", "this service sends no e-mail (no --smtp-host)"
                )
            try:
                parse_recipients(given["email_to"])
            except AddressError as exc:
                raise ApiError(422, "invalid_email", f"email_to: {exc}") from exc
        if given.get("glossary"):
            _check_glossary(given["glossary"])
        if given.get("suppressions"):
            _check_suppressions(given["suppressions"])
        return given

    def out(self, site: Site) -> SiteOut:
        """The API view of a site, with the trend of its finished crawls."""
        crawls = self.coordinator.state.of_site(site.id)
        trend = [trend_point(c.id, c.finished_at, c.summary) for c in reversed(crawls) if c.summary]
        return SiteOut.model_validate(
            {
                "id": site.id,
                "name": site.name,
                "start_urls": site.start_urls,
                "options": site.options,
                "glossary": site.glossary,
                "suppressions": site.suppressions,
                "schedule": site.schedule,
                "next_run_at": self.scheduler.next_run(site.id),
                "webhook_url": site.webhook_url,
                "email_to": site.email_to,
                "keep_crawls": site.keep_crawls,
                "keep_days": site.keep_days,
                "created_at": site.created_at,
                "updated_at": site.updated_at,
                "skipped_runs": site.skipped_runs,
                "last_skipped_at": site.last_skipped_at,
                "crawls": len(crawls),
                "trend": trend,
                "links": {
                    "self": f"/api/sites/{site.id}",
                    "crawls": f"/api/sites/{site.id}/crawls",
                    "page": f"/sites/{site.id}",
                },
            }
        )


def trend_point(crawl_id: int, finished_at: str | None, summary: dict[str, Any]) -> TrendPoint:
    """One crawl's figures for the site's trend."""
    findings = summary.get("findings") or {}
    return TrendPoint(
        crawl=crawl_id,
        finished_at=finished_at,
        health=summary.get("health"),
        errors=findings.get("error", 0),
        warnings=findings.get("warning", 0),
        notices=findings.get("notice", 0),
        failed_urls=summary.get("failed_urls", 0),
    )


def _check_glossary(text: str) -> None:
    try:
        parse_glossary(tomllib.loads(text), "glossary")
    except (tomllib.TOMLDecodeError, GlossaryError) as exc:
        raise ApiError(422, "invalid_glossary", str(exc)) from exc


def _check_suppressions(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "suppressions.toml"
        path.write_text(text, encoding="utf-8")
        try:
            load_suppressions(path)
        except SuppressionError as exc:
            message = str(exc).replace(str(path), "suppressions")
            raise ApiError(422, "invalid_suppressions", message) from exc


def site_router(service: SiteService, errors: dict[int | str, dict[str, Any]]) -> APIRouter:
    """The /api/sites endpoints, and a crawl's comparison."""
    router = APIRouter(tags=["sites"], responses=errors)
    coordinator = service.coordinator

    @router.post("/api/sites", status_code=201, response_model=SiteOut)
    def create_site(body: SiteRequest, owner: Owner, response: Response) -> SiteOut:
        """Create a site: its start URLs and crawl options, schedule, webhook, retention."""
        site = service.create(body, owner)
        response.headers["Location"] = f"/api/sites/{site.id}"
        return service.out(site)

    @router.get("/api/sites", response_model=SiteList, dependencies=[Reader])
    def list_sites() -> SiteList:
        """Every site, by name, with its trend."""
        return SiteList(sites=[service.out(s) for s in service.sites.all()])

    @router.get("/api/sites/{site_id}", response_model=SiteOut, dependencies=[Reader])
    def get_site(site_id: int) -> SiteOut:
        """One site: settings, next scheduled run, trend of health and errors."""
        return service.out(service.get(site_id))

    @router.patch("/api/sites/{site_id}", response_model=SiteOut)
    def edit_site(site_id: int, body: SiteEdit, owner: Owner) -> SiteOut:
        """Change some of a site's fields (its maker's token or an admin token)."""
        return service.out(service.edit(service.get(site_id), body, owner))

    @router.delete("/api/sites/{site_id}", status_code=204)
    def delete_site(site_id: int, owner: Owner) -> Response:
        """Delete a site and its schedule; its crawls stay, detached."""
        service.delete(service.get(site_id), owner)
        return Response(status_code=204)

    @router.get("/api/sites/{site_id}/crawls", response_model=CrawlList, dependencies=[Reader])
    def site_crawls(site_id: int) -> CrawlList:
        """The site's crawls, newest first: its history."""
        service.get(site_id)
        crawls = coordinator.state.of_site(site_id)
        return CrawlList(crawls=[crawl_out(coordinator, c) for c in crawls])

    @router.post("/api/sites/{site_id}/crawls", status_code=202, response_model=CrawlOut)
    def crawl_site_now(site_id: int, owner: Owner, response: Response) -> CrawlOut:
        """Crawl the site now (409 while its previous crawl is still active)."""
        crawl_id = service.crawl_now(service.get(site_id), owner)
        response.headers["Location"] = f"/api/crawls/{crawl_id}"
        job = coordinator.state.get(crawl_id)
        assert job is not None
        return crawl_out(coordinator, job)

    @router.get("/api/crawls/{crawl_id}/comparison", tags=["crawls"], dependencies=[Reader])
    def crawl_comparison(crawl_id: int) -> dict[str, Any]:
        """A site's crawl compared with the site's previous complete crawl: new, fixed and
        changed findings; added, removed and changed URLs."""
        job = coordinator.state.get(crawl_id) if 0 < crawl_id <= _MAX_ID else None
        if job is None:
            raise ApiError(404, "not_found", f"no crawl {crawl_id}")
        if job.state != "finished":
            raise ApiError(409, "not_ready", f"crawl {crawl_id} is {job.state}")
        if job.compared_with is None:
            raise ApiError(
                404, "no_comparison", f"crawl {crawl_id} has no earlier complete crawl of its site"
            )
        path = Path(job.output) / COMPARISON_NAME
        if job.pruned_at or not path.is_file():
            return {
                "old_crawl": job.compared_with,
                "new_crawl": job.id,
                "pruned": True,
                "summary": job.summary.get("comparison", {}),
            }
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    return router
