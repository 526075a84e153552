"""Rendering pages in a real browser (Chromium through scrapy-playwright) when a site needs it.

``support`` says whether rendering is possible and which Scrapy settings turn it on;
``plan`` decides, per part of the site, whether the rendered DOM is the one to audit;
``handler`` (imported only by Scrapy, when scrapy-playwright is installed) drives the
browser: a bounded pool of pages, no images/media/fonts, a time budget, periodic restarts
and the address guard for requests the browser makes itself.
"""
