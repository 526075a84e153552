"""A crawl frontier shared by crawler processes on several machines, kept in Redis.

scrapy-redis provides the request queue and duplicate filter; this package adds what a
siteaudit crawl also shares (scope: seen URLs, page limit, trap counters; sitemap URLs held
back until the link crawl runs dry) and decides together when the crawl is over.
"""
