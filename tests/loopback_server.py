"""Running a test HTTP server on loopback in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def running(server: ThreadingHTTPServer, name: str = "siteaudit-test-server") -> Iterator[int]:
    """Serve ``server`` from a daemon thread until the block ends; yields its port."""
    # A slow or hung request of one test must not keep the process (or shutdown()) waiting.
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
