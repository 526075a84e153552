"""The version and the default User-Agent, kept in the bottom layer so every layer may name them."""

__version__ = "0.1.0"
USER_AGENT = f"siteaudit/{__version__} (+https://github.com/siteaudit/siteaudit)"
