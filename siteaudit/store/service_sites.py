"""The service's sites (projects): a row each in ``service_sites``, next to its crawls.

A site names what to crawl (start URLs, crawl options, glossary, suppressions) and what to do
around its crawls (schedule, webhook, retention); the crawls that point to it are its history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import RowMapping

from siteaudit.store.service_state import ServiceState, now, service_crawls, service_sites

_JSON_COLUMNS = ("start_urls", "options")
# What a client may set; the rest is the service's bookkeeping.
EDITABLE = (
    "name",
    "start_urls",
    "options",
    "glossary",
    "suppressions",
    "schedule",
    "webhook_url",
    "email_to",
    "keep_crawls",
    "keep_days",
)


@dataclass(slots=True)
class Site:
    """One site the service audits again and again."""

    id: int
    name: str
    start_urls: list[str]
    options: dict[str, Any]
    glossary: str | None
    suppressions: str | None
    schedule: str | None
    webhook_url: str | None
    email_to: str | None
    keep_crawls: int | None
    keep_days: int | None
    owner: str
    created_at: str
    updated_at: str
    skipped_runs: int = 0
    last_skipped_at: str | None = None

    @classmethod
    def from_row(cls, row: RowMapping) -> Site:
        values = dict(row)
        for key in _JSON_COLUMNS:
            values[key] = json.loads(values[key])
        return cls(**values)


class SiteNameTaken(ValueError):
    """Another site already has this name."""


class SiteRecords:
    """Sites in the service database (shares the crawls' connection and lock)."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state

    def add(self, values: dict[str, Any], owner: str) -> Site:
        """Record a new site; SiteNameTaken when the name is in use."""
        self._check_name(values["name"], None)
        stamp = now()
        row = {**_encoded(values), "owner": owner, "created_at": stamp, "updated_at": stamp}
        new_id = self.state.execute(insert(service_sites).values(row).returning(service_sites.c.id))
        site = self.get(int(new_id))
        assert site is not None
        return site

    def get(self, site_id: int) -> Site | None:
        """One site by id, or None."""
        rows = self.state.fetch(select(service_sites).where(service_sites.c.id == site_id))
        return Site.from_row(rows[0]) if rows else None

    def all(self) -> list[Site]:
        """Every site, by name."""
        rows = self.state.fetch(select(service_sites).order_by(service_sites.c.name))
        return [Site.from_row(r) for r in rows]

    def edit(self, site_id: int, values: dict[str, Any]) -> Site | None:
        """Change some of a site's editable fields; the site afterwards (None: no such site)."""
        if "name" in values:
            self._check_name(values["name"], site_id)
        changed = {**_encoded(values), "updated_at": now()}
        self.state.execute(
            update(service_sites).where(service_sites.c.id == site_id).values(changed)
        )
        return self.get(site_id)

    def record_skip(self, site_id: int) -> None:
        """A scheduled run was skipped (the site's previous crawl was still active)."""
        c = service_sites.c
        self.state.execute(
            update(service_sites)
            .where(c.id == site_id)
            .values(skipped_runs=c.skipped_runs + 1, last_skipped_at=now())
        )

    def delete(self, site_id: int) -> None:
        """Forget a site; its crawls stay, detached from it."""
        self.state.execute(
            update(service_crawls).where(service_crawls.c.site_id == site_id).values(site_id=None)
        )
        self.state.execute(delete(service_sites).where(service_sites.c.id == site_id))

    def _check_name(self, name: str, site_id: int | None) -> None:
        query = select(service_sites.c.id).where(service_sites.c.name == name)
        if any(r["id"] != site_id for r in self.state.fetch(query)):
            raise SiteNameTaken(f"a site named {name!r} already exists")


def _encoded(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return {k: json.dumps(v) if k in _JSON_COLUMNS else v for k, v in values.items()}
