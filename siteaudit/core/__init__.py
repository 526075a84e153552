"""Core records, check specs, configuration and URL rules: imports nothing else of siteaudit."""
