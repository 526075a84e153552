"""The service's crawl records: kept by ``siteaudit.store.service_state`` (SQLAlchemy Core,
SQLite or PostgreSQL), named here for the service's modules."""

from siteaudit.store.service_state import (
    ACTIVE_STATES,
    RESUMABLE_STATES,
    SERVICE_DB,
    CrawlJob,
    ServiceState,
    now,
)

__all__ = ["ACTIVE_STATES", "RESUMABLE_STATES", "SERVICE_DB", "CrawlJob", "ServiceState", "now"]
