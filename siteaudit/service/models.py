"""The API's request and response shapes (they make the OpenAPI description)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from siteaudit.core.config import option_fields

Severity = Literal["error", "warning", "notice"]


# The crawl options a remote client may set, with this service's tighter limits; the
# names, types, defaults, bounds and help come from CrawlConfig. Anything else is refused.
REMOTE_OPTIONS: dict[str, FieldInfo] = {
    "max_pages": Field(description="Capped by the service's limit."),
    "max_depth": Field(le=1000),
    "include": Field(max_length=50),
    "exclude": Field(max_length=50),
    "sitemaps": Field(max_length=20),
    "use_sitemaps": Field(),
    "allowed_hosts": Field(max_length=20),
    "query": Field(),
    "max_query_variants": Field(le=10_000),
    "obey_robots": Field(),
    "concurrency": Field(le=64),
    "per_host_concurrency": Field(le=32),
    "delay": Field(le=60),
    "timeout": Field(le=120),
    "user_agent": Field(max_length=300),
}


def _remote_field(name: str, limits: FieldInfo) -> tuple[Any, Any]:
    """A CrawlConfig field as an optional request field, with the service's limits added.

    Value checks (URLs, regexes) are left to CrawlConfig at admission, whose one-line
    message names the option (``invalid_option``); this model checks shapes and limits.
    """
    declared = option_fields()[name]
    checks = [m for m in declared.metadata if not isinstance(m, AfterValidator)]
    description = " ".join(filter(None, [declared.description, limits.description]))
    bounds = FieldInfo.merge_field_infos(limits, description=None)
    # Annotated built from runtime values: mypy only reads literal type expressions here.
    annotation = Annotated[(declared.annotation, *checks, bounds)]  # type: ignore[name-defined]
    return annotation | None, Field(None, description=description)


class _RemoteOptions(BaseModel):
    """The crawl options a client may set; anything else is refused (422)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    def to_config(self) -> dict[str, Any]:
        """The options as CrawlConfig keys, leaving out those not given."""
        return {k: v for k, v in self.model_dump().items() if v is not None and v != ()}


if TYPE_CHECKING:
    # The fields are made at run time from CrawlConfig; to mypy it is the base model.
    CrawlOptions = _RemoteOptions
else:
    CrawlOptions = create_model(
        "CrawlOptions",
        __base__=_RemoteOptions,
        __doc__=_RemoteOptions.__doc__,
        **{name: _remote_field(name, limits) for name, limits in REMOTE_OPTIONS.items()},
    )


class CrawlRequest(BaseModel):
    """Start a crawl of one site."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., max_length=2048, examples=["https://help.example.com/"])
    options: CrawlOptions = Field(default_factory=CrawlOptions)


class Progress(BaseModel):
    pages: int = Field(description="URLs fetched and stored (pages done)")
    queued: int = Field(description="requests waiting in the crawler's queue")
    errors: int = Field(
        description="failed URLs: fetches answered 4xx/5xx or not at all. Not the report's "
        "error findings (summary.findings.error), which also count e.g. broken links."
    )


class CrawlLinks(BaseModel):
    self: str
    findings: str
    report: str
    comparison: str
    site: str | None = None


Stage = Literal["queued", "crawling", "analysing", "writing report", "comparing", "done"]


class CrawlOut(BaseModel):
    """A crawl and how far it got."""

    id: int
    url: str
    state: Literal[
        "queued", "running", "analysing", "finished", "failed", "cancelled", "interrupted"
    ]
    options: dict[str, Any]
    progress: Progress
    runs: int = Field(description="how many times it was (re)started")
    created_at: str
    started_at: str | None
    finished_at: str | None
    error: str | None
    site_id: int | None = Field(description="the site this crawl belongs to")
    started_by: Literal["api", "ui", "schedule"]
    stage: Stage = Field(description="where the crawl is: its state, split up while analysed")
    summary: dict[str, Any] = Field(
        description="when analysed: health score, findings by severity, failed URLs, and "
        "the comparison with the site's previous complete crawl (counts)"
    )
    compared_with: int | None = Field(description="the crawl this one was compared with")
    pruned_at: str | None = Field(
        description="when retention deleted its store and report (its summary stays)"
    )
    links: CrawlLinks


class CrawlList(BaseModel):
    crawls: list[CrawlOut]


_TOML_TEXT = 65_536


class SiteFields(BaseModel):
    """What a site is: start URLs and crawl options, and what happens around its crawls."""

    model_config = ConfigDict(extra="forbid")

    start_urls: list[Annotated[str, Field(max_length=2048)]] | None = Field(
        None, min_length=1, max_length=20
    )
    options: CrawlOptions | None = None
    glossary: str | None = Field(
        None, max_length=_TOML_TEXT, description="glossary TOML, used by every crawl"
    )
    suppressions: str | None = Field(
        None, max_length=_TOML_TEXT, description="suppressions TOML, used by every crawl"
    )
    schedule: str | None = Field(
        None,
        max_length=200,
        description="cron expression, UTC: 'min hour day month weekday', or six fields with "
        "seconds first; empty for none",
        examples=["0 3 * * 1"],
    )
    webhook_url: str | None = Field(
        None, max_length=2048, description="POSTed a JSON summary after each crawl; empty: none"
    )
    email_to: str | None = Field(
        None,
        max_length=1000,
        description="comma-separated addresses mailed a summary after each crawl (needs the "
        "service's --smtp-host); empty: none",
    )
    keep_crawls: int | None = Field(None, ge=1, le=10_000, description="retention: last N")
    keep_days: int | None = Field(None, ge=1, le=36_500, description="retention: N days")


class SiteRequest(SiteFields):
    """Create a site."""

    name: str = Field(..., min_length=1, max_length=200)
    start_urls: list[Annotated[str, Field(max_length=2048)]] = Field(
        ..., min_length=1, max_length=20
    )


class SiteEdit(SiteFields):
    """Change some fields of a site (the others stay; null clears an optional one)."""

    name: str | None = Field(None, min_length=1, max_length=200)


class TrendPoint(BaseModel):
    crawl: int
    finished_at: str | None
    health: int | None
    errors: int = Field(description="error findings")
    warnings: int
    notices: int
    failed_urls: int


class SiteOut(BaseModel):
    """A site, its settings and its history's trend."""

    id: int
    name: str
    start_urls: list[str]
    options: dict[str, Any]
    glossary: str | None
    suppressions: str | None
    schedule: str | None
    next_run_at: str | None
    webhook_url: str | None
    email_to: str | None
    keep_crawls: int | None
    keep_days: int | None
    created_at: str
    updated_at: str
    skipped_runs: int = Field(description="scheduled runs skipped: the previous crawl was active")
    last_skipped_at: str | None
    crawls: int
    trend: list[TrendPoint] = Field(description="finished crawls, oldest first")
    links: dict[str, str]


class SiteList(BaseModel):
    sites: list[SiteOut]


class FindingOut(BaseModel):
    check: str
    severity: Severity
    url: str
    message: str
    element: str | None
    snippet: str | None
    fix: str | None
    evidence: dict[str, Any]


class FindingList(BaseModel):
    crawl: int
    total: int = Field(description="findings matching the filters, before limit/offset")
    findings: list[FindingOut]


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(BaseModel):
    """Every error answer: ``{"error": {"code", "message"}}``."""

    error: ErrorBody
