"""A circuit breaker for external link checks: hosts that cannot be reached are given up on.

A run that links to a dead host (its name does not resolve, its port refuses connections,
or it never answers) would otherwise spend a DNS lookup, a connection, retries with backoff
and a HEAD-then-GET fallback on each of its URLs, and wait out a timeout for each when the
host is silent. The rule:

- A *connection-level failure* is an attempt that got no HTTP response at all: DNS lookup
  failed or connection refused; and, while the host has not answered any request of the run
  yet, a timeout or a connection lost before a response (once a host has answered, a slow
  or broken URL is that URL's problem, not the host's). Any HTTP response, whatever its
  status, and a TLS error (something answered the handshake) reset the count.
- A host (host[:port] of the URL) is **unreachable for the rest of the run after 2
  consecutive connection-level failures**. The attempt that makes it so reports its own
  cause and is not retried; every further URL of the host fails at once, without a request,
  as ``host unreachable: <cause>`` (no retries, no GET fallback).
- Until a host has answered once, its requests go one at a time, so a dead host costs
  exactly 2 attempts, however many of its URLs are queued or in parallel.
- Timeouts count with a lower bar for waiting: after a timeout the host's next request
  waits at most ``SHORT_TIMEOUT_S`` (or ``--timeout`` when that is shorter).

Only external link checks (requests marked ``siteaudit_external``) go through the breaker,
in ``siteaudit check`` and ``siteaudit crawl`` alike; the crawled site's own pages do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from siteaudit.crawler.address_guard import refused_address
from siteaudit.crawler.failures import describe_error
from twisted.internet import defer
from twisted.internet.defer import Deferred

# Consecutive connection-level failures (no HTTP response in between) that make a host dead.
FAILURES_TO_GIVE_UP = 2
# The wait of a request to a host whose last attempt timed out: a second full timeout
# would double the cost of every silent host, and a live host answers well within this.
SHORT_TIMEOUT_S = 5.0
# Failure labels (siteaudit.crawler.failures) that mean "nothing listens there"...
HOST_FAILURES = frozenset({"dns", "connection refused"})
# ...and those that mean it only of a host that has not answered yet.
SILENCE_FAILURES = frozenset({"timeout", "connection lost"})
_PROBE = "siteaudit_probe"


class HostUnreachable(Exception):
    """A request not sent because its host was found unreachable earlier in the run."""

    def __init__(self, cause: str, *, tried: bool = False) -> None:
        # The attempt that found the host dead keeps its own cause; the others say why
        # they were not sent.
        self.label = cause if tried else f"host unreachable: {cause}"
        super().__init__(self.label)


@dataclass(slots=True)
class HostState:
    """What the run knows of one external host."""

    answered: bool = False  # an HTTP response came back at least once
    failures: int = 0  # consecutive connection-level failures
    last_failure: str | None = None
    dead: str | None = None  # the cause, once the host is given up on
    probing: bool = False  # a request of a not-yet-answering host is in flight
    waiters: list[Deferred[None]] = field(default_factory=list)


@dataclass(slots=True)
class HostHealth:
    """Per-host outcomes of one run, and the rule that declares a host dead."""

    hosts: dict[str, HostState] = field(default_factory=dict)

    def state(self, host: str) -> HostState:
        return self.hosts.setdefault(host, HostState())

    def answered(self, host: str) -> None:
        """An HTTP response (any status) came from ``host``."""
        state = self.state(host)
        state.answered, state.failures, state.last_failure = True, 0, None

    def failed(self, host: str, label: str) -> bool:
        """Record a connection-level failure; True when the host is now dead."""
        state = self.state(host)
        state.failures += 1
        state.last_failure = label
        if state.dead is None and state.failures >= FAILURES_TO_GIVE_UP:
            state.dead = label
        return state.dead is not None

    def dead_hosts(self) -> dict[str, str]:
        """The hosts given up on, with their cause."""
        return {host: s.dead for host, s in self.hosts.items() if s.dead is not None}


def _reactor() -> Any:
    # Imported here: importing the reactor at module level would install the default one
    # before Scrapy installs the configured (asyncio) reactor (as in backoff._sleep).
    from twisted.internet import reactor

    return reactor


def host_key(url: str) -> str:
    """host[:port] of a URL, lower case, without user info."""
    return urlsplit(url).netloc.lower().rsplit("@", 1)[-1]


class DeadHostMiddleware:
    """Downloader middleware applying HostHealth to external link checks.

    It sits above the retry middlewares (550, 560) and the address guard (800): its
    process_exception runs before theirs, so a request to a host that has just been given
    up on is not retried, and it sees every failure (a middleware that raises ends the
    chain). A host the address guard refuses is not a dead host: the guard reports it.
    """

    def __init__(self, timeout: float) -> None:
        self.health = HostHealth()
        self.short_timeout = min(timeout, SHORT_TIMEOUT_S)
        self.wait_limit = 2 * timeout + 5  # a probe's timeout, its retry's, and some slack
        self.requests_refused = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> DeadHostMiddleware:
        return cls(crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 20.0))

    async def process_request(self, request: Request) -> None:
        if not request.meta.get("siteaudit_external"):
            return None
        host = host_key(request.url)
        state = self.health.state(host)
        while state.dead is None and not state.answered and state.probing:
            waiter: Deferred[None] = Deferred()
            state.waiters.append(waiter)
            # Never wait forever: a probe whose outcome this middleware does not see (the
            # engine closing, say) must not hold its host's other requests.
            waiter.addTimeout(self.wait_limit, _reactor())
            try:
                await maybe_deferred_to_future(waiter)
            except defer.TimeoutError:
                state.probing = False
        if state.dead is not None:
            self.requests_refused += 1
            raise HostUnreachable(state.dead)
        if not state.answered:
            state.probing = True
            request.meta[_PROBE] = True
        if state.last_failure == "timeout":
            timeout = request.meta.get("download_timeout", self.short_timeout)
            request.meta["download_timeout"] = min(timeout, self.short_timeout)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("siteaudit_external"):
            host = host_key(request.url)
            self.health.answered(host)
            self._release(request, host)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not request.meta.get("siteaudit_external") or isinstance(exception, HostUnreachable):
            return None
        host = host_key(request.url)
        label = describe_error(exception)
        state = self.health.state(host)
        dead = False
        if refused_address(urlsplit(request.url).hostname or "") is not None:
            pass  # the address guard withheld the host's addresses: its refusal, not a failure
        elif label in HOST_FAILURES or (label in SILENCE_FAILURES and not state.answered):
            dead = self.health.failed(host, label)
        elif label == "tls":
            self.health.answered(host)  # something answered the handshake
        self._release(request, host)
        if dead:
            # Raised, not returned: the retry middlewares below never see this attempt.
            raise HostUnreachable(label, tried=True) from exception
        return None

    def _release(self, request: Request, host: str) -> None:
        """The probe of a not-yet-answering host is done: let the waiting requests go on."""
        if not request.meta.pop(_PROBE, False):
            return
        state = self.health.state(host)
        state.probing = False
        waiters, state.waiters = state.waiters, []
        for waiter in waiters:
            waiter.callback(None)
