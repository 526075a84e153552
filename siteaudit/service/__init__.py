"""`siteaudit serve`: an HTTP API and web UI that run audits on Scrapyd.

``create_app`` builds the FastAPI app; ``CrawlCoordinator`` runs the crawls; ``ServiceOptions``
holds the limits; ``TokenRing`` the accepted API tokens.
"""

from siteaudit.service.app import create_app
from siteaudit.service.crawls import CrawlCoordinator, ServiceOptions
from siteaudit.service.security import TokenRing

__all__ = ["CrawlCoordinator", "ServiceOptions", "TokenRing", "create_app"]
