"""siteaudit: crawl a content site, store what was seen, analyse it, report what to fix."""

__version__ = "0.1.0"
USER_AGENT = f"siteaudit/{__version__} (+https://github.com/siteaudit/siteaudit)"
