"""Suite-wide set-up: no test, nor any siteaudit it starts, can send a DNS query.

Crawls check external links by default, and test sites link to names like example.com.
Every crawl of the suite (in this process or a child, which inherits the environment)
resolves through tests/resolver_hook.py: loopback names answer, every other name fails
as a DNS error without a packet sent.
"""

from __future__ import annotations

import os

RESOLVER = "tests.resolver_hook.LoopbackNamesResolver"

os.environ["SITEAUDIT_DNS_RESOLVER"] = RESOLVER
