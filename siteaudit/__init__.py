"""siteaudit: crawl a content site, store what was seen, analyse it, report what to fix.

The public API. Names load on first use (PEP 562), so importing a low layer such as
``siteaudit.core.records`` does not pull in Scrapy, the analysis or the reports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from siteaudit.core.version import USER_AGENT, __version__

if TYPE_CHECKING:
    from siteaudit.app.audit import (
        AuditResult,
        StartUrlUnreachable,
        analyse_crawl,
        audit_site,
        crawl_site,
    )
    from siteaudit.app.check import CheckRequest, CheckResult, run_check
    from siteaudit.core.config import ConfigError, CrawlConfig, load_config
    from siteaudit.core.records import Finding, Severity
    from siteaudit.store import StoreError

_EXPORTS: dict[str, str] = {
    "AuditResult": "siteaudit.app.audit",
    "StartUrlUnreachable": "siteaudit.app.audit",
    "analyse_crawl": "siteaudit.app.audit",
    "audit_site": "siteaudit.app.audit",
    "crawl_site": "siteaudit.app.audit",
    "CheckRequest": "siteaudit.app.check",
    "CheckResult": "siteaudit.app.check",
    "run_check": "siteaudit.app.check",
    "ConfigError": "siteaudit.core.config",
    "CrawlConfig": "siteaudit.core.config",
    "load_config": "siteaudit.core.config",
    "Finding": "siteaudit.core.records",
    "Severity": "siteaudit.core.records",
    "StoreError": "siteaudit.store",
}

__all__ = [
    "USER_AGENT",
    "AuditResult",
    "CheckRequest",
    "CheckResult",
    "ConfigError",
    "CrawlConfig",
    "Finding",
    "Severity",
    "StartUrlUnreachable",
    "StoreError",
    "__version__",
    "analyse_crawl",
    "audit_site",
    "crawl_site",
    "load_config",
    "run_check",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'siteaudit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this hook
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
