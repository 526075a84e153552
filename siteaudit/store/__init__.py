"""The crawl store: every crawl of a site kept in SQLite (one file per output folder) or in
a PostgreSQL database shared by several crawl workers.

``schema`` defines the tables (documented in docs/storage.md so other tools can read them),
``migrations`` creates and upgrades them, ``crawl_store`` holds the Store and its queries,
``rows`` turns records into rows and back, ``packing`` zstd-packs page text, ``engine``
connects and wraps database errors, ``integrity`` checks a store before it is read into
reports.
"""

from siteaudit.store.crawl_store import DB_NAME, Store
from siteaudit.store.engine import StoreDamaged, StoreError, is_database_url
from siteaudit.store.rows import PageRows
from siteaudit.store.schema import SCHEMA_VERSION

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "PageRows",
    "Store",
    "StoreDamaged",
    "StoreError",
    "is_database_url",
]
