"""The API's request and response shapes (they make the OpenAPI description)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "notice"]


class CrawlOptions(BaseModel):
    """The crawl options a client may set; anything else is refused (422)."""

    model_config = ConfigDict(extra="forbid")

    max_pages: int | None = Field(None, ge=1, description="Capped by the service's limit.")
    max_depth: int | None = Field(None, ge=0, le=1000)
    include: list[str] = Field(default_factory=list, max_length=50)
    exclude: list[str] = Field(default_factory=list, max_length=50)
    sitemaps: list[str] = Field(default_factory=list, max_length=20)
    use_sitemaps: bool | None = None
    allowed_hosts: list[str] = Field(default_factory=list, max_length=20)
    query: Literal["keep", "strip-tracking", "drop"] | None = None
    max_query_variants: int | None = Field(None, ge=1, le=10_000)
    obey_robots: bool | None = None
    concurrency: int | None = Field(None, ge=1, le=64)
    per_host_concurrency: int | None = Field(None, ge=1, le=32)
    delay: float | None = Field(None, ge=0, le=60)
    timeout: float | None = Field(None, gt=0, le=120)
    user_agent: str | None = Field(None, min_length=1, max_length=300)

    def to_config(self) -> dict[str, Any]:
        """The options as CrawlConfig keys, leaving out those not given."""
        return {k: v for k, v in self.model_dump().items() if v is not None and v != []}


class CrawlRequest(BaseModel):
    """Start a crawl of one site."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., max_length=2048, examples=["https://help.example.com/"])
    options: CrawlOptions = Field(default_factory=CrawlOptions)


class Progress(BaseModel):
    pages: int = Field(description="URLs fetched and stored (pages done)")
    queued: int = Field(description="requests waiting in the crawler's queue")
    errors: int = Field(description="URLs that failed (4xx/5xx or no response)")


class CrawlLinks(BaseModel):
    self: str
    findings: str
    report: str


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
    links: CrawlLinks


class CrawlList(BaseModel):
    crawls: list[CrawlOut]


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
