"""A loopback webhook receiver for the service's tests: records each JSON POST."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.loopback_server import running


@dataclass
class Receiver:
    """What the receiver got, and how many first calls it should fail (HTTP 500)."""

    url: str
    calls: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    fail_first: int = 0

    def wait_for_calls(self, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.calls) >= count, f"{len(self.calls)} webhook calls, wanted {count}"
        return self.calls


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    """An HTTP server on 127.0.0.1 taking POSTed JSON; answers 204 (or 500 when told)."""
    receiver = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.attempts += 1
            if receiver.attempts <= receiver.fail_first:
                self.send_response(500)
                self.end_headers()
                return
            receiver.calls.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    with running(server):
        yield receiver
