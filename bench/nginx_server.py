"""Serve a generated site (see generate_site.py) with a throwaway nginx on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from generate_site import ORIGIN_PLACEHOLDER, is_gzipped, load_manifest

NGINX = Path("/usr/sbin/nginx")
START_TIMEOUT_S = 10.0

_CONFIG = """\
daemon off;
master_process on;
worker_processes {workers};
worker_rlimit_nofile {nofile};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 1024; }}

http {{
    types {{
        text/html html;
        text/css css;
        image/svg+xml svg;
        application/xml xml;
        text/plain txt;
        application/javascript js;
        application/json json;
    }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max={cache_max} inactive=60s;
    open_file_cache_valid 60s;
    open_file_cache_errors on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        include {redirects};
{gzip}
        # Sitemaps and robots.txt carry absolute URLs; point them at whatever origin the
        # client used, which is only known now (the port is picked at run time).
        location ~ ^/(robots\\.txt|sitemap[^/]*\\.xml)$ {{
            sub_filter_types text/plain application/xml;
            sub_filter_once off;
            sub_filter '{placeholder}' '$scheme://$http_host';
        }}
    }}
}}
"""


# A site generated with --gzip holds its articles as NAME.html.gz only: send that file as is
# (Content-Encoding: gzip) whatever the client asked, and unpack it for a client that does not
# take gzip.
_GZIP = """\
        gzip_static always;
        gunzip on;
"""


class NginxError(RuntimeError):
    """nginx is missing or did not come up."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fd_budget() -> tuple[int, int]:
    """(worker fd limit, open_file_cache size) that cannot run a worker out of fds."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    nofile = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    # The cache keeps descriptors open; past the fd limit nginx answers 500 ("Too many
    # open files"), which a crawler would report as broken links that are not there.
    return nofile, max(100, min(10_000, nofile // 4))


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


def _start(
    site_dir: Path, tmp: Path, workers: int, port: int | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    port = port or _free_port()
    redirects = site_dir / "redirects.conf"
    if not redirects.exists():
        redirects = tmp / "redirects.conf"
        redirects.write_text("")
    conf = tmp / "nginx.conf"
    nofile, cache_max = _fd_budget()
    conf.write_text(
        _CONFIG.format(
            workers=workers,
            nofile=nofile,
            cache_max=cache_max,
            tmp=tmp,
            # Workers must be able to read the document root wherever it lives.
            user="user root;" if _is_root() else "",
            port=port,
            root=site_dir / "site",
            redirects=redirects,
            placeholder=ORIGIN_PLACEHOLDER,
            gzip=_GZIP if is_gzipped(load_manifest(site_dir)) else "",
        )
    )
    proc = subprocess.Popen(
        [str(NGINX), "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "error.log")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if _answers(port):
            return proc, port
        time.sleep(0.05)
    _stop(proc)
    log = (tmp / "error.log").read_text(errors="replace") if (tmp / "error.log").exists() else ""
    raise NginxError(f"nginx did not start on port {port}: {log.strip()[-500:]}")


def _is_root() -> bool:
    return os.geteuid() == 0


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGQUIT)  # graceful: master waits for its workers
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def serve_with_nginx(site_dir: Path, workers: int = 2, port: int | None = None) -> Iterator[str]:
    """Serve `site_dir`/site (with its redirects.conf) and yield the base URL, no slash.

    ``port``: this one, not a free one (a resumed crawl needs the URLs it started with).
    """
    if not NGINX.exists():
        raise NginxError(f"{NGINX} not found: apt-get install nginx")
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "site").is_dir():
        raise NginxError(f"{site_dir}/site does not exist: run generate_site.py first")
    with tempfile.TemporaryDirectory(prefix="siteaudit-nginx-") as tmp_name:
        tmp = Path(tmp_name)
        for attempt in range(3):
            try:
                proc, port = _start(site_dir, tmp, workers, port)
                break
            except NginxError:
                # The free port may have been taken between probing and binding.
                if attempt == 2:
                    raise
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(proc)


def main() -> None:
    """Serve a generated site until Ctrl-C: python bench/nginx_server.py DIR."""
    if len(sys.argv) != 2:
        raise SystemExit("usage: nginx_server.py SITE_DIR (the --out of generate_site.py)")
    # Turn `kill` into an exception so the context manager still stops nginx.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with serve_with_nginx(Path(sys.argv[1])) as base:
            print(f"serving {sys.argv[1]} at {base}/ (Ctrl-C to stop)", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    except NginxError as exc:
        raise SystemExit(f"error: {exc}") from None


if __name__ == "__main__":
    main()
