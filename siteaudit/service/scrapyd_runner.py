"""Scrapyd as the crawl engine: start it as a child process, and talk to its JSON API.

Scrapyd runs the project from the folder it starts in: a ``[settings] default = ...`` entry
in its config makes "default" a project without deploying an egg, and its launcher runs at
most ``max_proc`` crawls at once while the rest wait in its queue.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

PROJECT = "default"
SPIDER = "site"
_SETTINGS_MODULE = "siteaudit.crawler.settings"


class ScrapydError(RuntimeError):
    """Scrapyd did not start, or answered with an error."""


@dataclass(frozen=True, slots=True)
class JobStatus:
    """What Scrapyd says about one job."""

    state: str  # pending, running, finished, unknown
    pid: int | None = None


def free_loopback_port() -> int:
    """A loopback port nobody listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_scrapyd_config(folder: Path, port: int, max_proc: int) -> Path:
    """scrapyd.conf and scrapy.cfg for a Scrapyd that serves only loopback."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "scrapyd.conf"
    conf.write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"max_proc = {max_proc}\n"
        "poll_interval = 0.5\n"
        f"logs_dir = {folder / 'logs'}\n"
        "items_dir =\n"
        "jobs_dir =\n"
        "jobs_to_keep = 100\n"
        f"dbs_dir = {folder / 'dbs'}\n"
        f"eggs_dir = {folder / 'eggs'}\n"
        "finished_to_keep = 1000\n"
        "\n[settings]\n"
        f"{PROJECT} = {_SETTINGS_MODULE}\n",
        encoding="utf-8",
    )
    # The runner's Scrapy looks for the project's settings in scrapy.cfg, like `scrapy crawl`.
    (folder / "scrapy.cfg").write_text(
        f"[settings]\n{PROJECT} = {_SETTINGS_MODULE}\n", encoding="utf-8"
    )
    return conf


class ScrapydProcess:
    """A Scrapyd child process on a free loopback port, owned by the service."""

    def __init__(self, folder: Path, max_proc: int) -> None:
        self.folder = folder
        self.max_proc = max_proc
        self.port = free_loopback_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        """Start Scrapyd and wait until its API answers."""
        # Its queue only holds jobs of a previous run, which the service reconciles itself.
        shutil.rmtree(self.folder / "dbs", ignore_errors=True)
        (self.folder / "twistd.pid").unlink(missing_ok=True)
        write_scrapyd_config(self.folder, self.port, self.max_proc)
        # The child runs this interpreter, where the installed siteaudit is importable.
        env = dict(os.environ)
        log = (self.folder / "scrapyd.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd", "--logfile", str(self.folder / "scrapyd.log")],
            cwd=self.folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        client = ScrapydClient(self.url)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ScrapydError(f"scrapyd exited at start; see {self.folder / 'scrapyd.log'}")
            if client.is_up():
                return
            time.sleep(0.1)
        self.stop()
        raise ScrapydError(f"scrapyd did not answer within {timeout:.0f} s")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop Scrapyd (its crawls must have been cancelled first)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)


class ScrapydClient:
    """schedule.json, listjobs.json and cancel.json, with errors raised as ScrapydError."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30.0)

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, endpoint: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.http.request(method, endpoint, **kwargs)
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ScrapydError(f"scrapyd {endpoint}: {exc}") from exc
        if data.get("status") != "ok":
            raise ScrapydError(f"scrapyd {endpoint}: {data.get('message', data)}")
        return dict(data)

    def is_up(self) -> bool:
        try:
            self._call("GET", "/daemonstatus.json")
        except ScrapydError:
            return False
        return True

    def schedule(self, job: str, settings: dict[str, str], args: dict[str, str]) -> str:
        """Queue a crawl of the site spider; Scrapyd starts it when a slot is free."""
        form: dict[str, str | list[str]] = {
            **args,
            "project": PROJECT,
            "spider": SPIDER,
            "jobid": job,
            "setting": [f"{key}={value}" for key, value in settings.items()],
        }
        return str(self._call("POST", "/schedule.json", data=form)["jobid"])

    def cancel(self, job: str, signal: str = "TERM") -> str | None:
        """Stop a job (a running crawl stops gracefully and keeps its JOBDIR)."""
        data = self._call(
            "POST", "/cancel.json", data={"project": PROJECT, "job": job, "signal": signal}
        )
        return data.get("prevstate")

    def jobs(self) -> dict[str, JobStatus]:
        """Every job Scrapyd knows in this run, by job id."""
        data = self._call("GET", "/listjobs.json", params={"project": PROJECT})
        jobs: dict[str, JobStatus] = {}
        for state in ("pending", "running", "finished"):
            for entry in data.get(state, []):
                jobs[str(entry["id"])] = JobStatus(state, entry.get("pid"))
        return jobs
