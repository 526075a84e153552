"""What one rendered page does in the browser: its requests, errors, and when it is settled.

A ``PageWatch`` is attached to a page once, when the page is opened, and reset before each
URL the page renders (pages are reused); events of requests that an earlier URL started are
ignored, so a late failure of one page is never noted against the next. It does not route
requests: with any Playwright route in place Chromium pauses every request for the driver
(a round trip through the browser process for each script and XHR) and turns its HTTP cache
off. Images, fonts and media are kept off the network by the handler instead, and with
private addresses forbidden the guarded proxy (siteaudit.crawler.rendering.guarded_proxy)
refuses connections, WebSockets included; a failed request or WebSocket to a host the guard
refuses is noted as refused. It counts requests in flight, so the page counts as settled
once the network has been quiet for a moment after the load event, and it keeps console
errors and failed requests as evidence.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from playwright.async_api import ConsoleMessage, Page, Request, Response, WebSocket

# Resource types that do not change links or text, kept off the network while rendering (see
# the handler); a load of one that fails is counted as blocked, not as a failure.
BLOCKED_TYPES = frozenset({"image", "media", "font"})
# The network counts as idle after this long without a request in flight (events reach us
# late on a busy machine, so shorter waits stop before a script's first fetch; Chromium's own
# "networkidle" waits 500 ms, which would cap a page pool far below the pages a second
# a template-built site renders at).
QUIET_S = 0.25
_POLL_S = 0.02
_FAVICON = "/favicon.ico"
_MAX_NOTES = 20  # console errors and failed requests kept per page
_MAX_NOTE_CHARS = 300
_BLOCKED_BY_US = "net::ERR_BLOCKED_BY_CLIENT"  # a load the browser's settings refused

# An async check of a URL: None when the browser may fetch it, else why not.
AddressCheck = Callable[[str], Awaitable[str | None]]


class PageWatch:
    """Counts and records the requests of the URL a page is rendering."""

    def __init__(self, address_check: AddressCheck | None) -> None:
        self.address_check = address_check
        self.reset()

    def reset(self) -> None:
        """Forget the last URL's requests and notes (before the page navigates again)."""
        self._pending: set[Request] = set()  # this URL's requests in flight
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.refused: list[str] = []
        self.blocked = 0

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def attach(self, page: Page) -> None:
        """Watch ``page`` for as long as it is open."""
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_done)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("websocket", self._on_websocket)

    async def settle(self, cap_s: float) -> bool:
        """Wait until no request has been in flight for QUIET_S, at most ``cap_s`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + cap_s
        quiet_since: float | None = None
        while (now := loop.time()) < deadline:
            if not self._pending:
                quiet_since = now if quiet_since is None else quiet_since
                if now - quiet_since >= QUIET_S:
                    return True
            else:
                quiet_since = None
            await asyncio.sleep(_POLL_S)
        return False

    def facts(self, settled: bool) -> dict[str, Any]:
        """What the page did, as plain values for the spider."""
        return {
            "settled": settled,
            "console_errors": self.console_errors,
            "failed_requests": self.failed_requests,
            "refused": self.refused,
            "blocked": self.blocked,
        }

    async def _on_websocket(self, socket: WebSocket) -> None:
        if self.address_check is not None:
            problem = await self.address_check(socket.url)
            if problem is not None:
                _note(self.refused, f"{socket.url} ({problem})")

    def _on_request(self, request: Request) -> None:
        self._pending.add(request)

    def _on_done(self, request: Request) -> None:
        self._pending.discard(request)

    async def _on_failed(self, request: Request) -> None:
        if request not in self._pending:
            return  # an earlier URL's request, cut short when the page moved on
        self._pending.discard(request)
        if request.resource_type in BLOCKED_TYPES:
            self.blocked += 1
            return
        problem = await self.address_check(request.url) if self.address_check else None
        if problem is not None:
            _note(self.refused, f"{request.url} ({problem})")
        else:
            _note(self.failed_requests, f"{request.url} ({request.failure or 'failed'})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400 and response.request in self._pending:
            _note(self.failed_requests, f"{response.url} (HTTP {response.status})")

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium asks for /favicon.ico by itself (not a request of the page, never seen
        # otherwise); a site without one is not a broken script or asset of the page. A load
        # blocked by the client is ours too, not the page's.
        location = message.location.get("url", "")
        if (
            message.type == "error"
            and _BLOCKED_BY_US not in message.text
            and not location.endswith(_FAVICON)
        ):
            _note(self.console_errors, message.text)

    def _on_page_error(self, error: Exception) -> None:
        _note(self.console_errors, f"uncaught: {error}")


def _note(notes: list[str], text: str) -> None:
    if len(notes) < _MAX_NOTES:
        notes.append(text[:_MAX_NOTE_CHARS])
