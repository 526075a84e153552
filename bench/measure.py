"""Run one child process and measure its wall time, CPU time and peak RSS."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """Resource use of one finished child process (and the children it waited for)."""

    returncode: int
    wall_s: float
    user_s: float
    sys_s: float
    peak_rss_mb: float
    rss_floor_mb: float  # see run_measured: peak_rss_mb is never below this
    # (seconds since start, RSS MB) sampled from /proc: shows when the peak happened, e.g.
    # during the crawl or during the analysis, and is free of the inherited floor.
    rss_samples: list[tuple[float, float]] = field(default_factory=list, repr=False)

    def peak_rss_between(self, start_s: float, end_s: float) -> float | None:
        """Highest sampled RSS (MB) in a time window of the run, None if no sample."""
        inside = [mb for t, mb in self.rss_samples if start_s <= t <= end_s]
        return max(inside) if inside else None

    @property
    def cpu_s(self) -> float:
        """User plus system CPU seconds."""
        return self.user_s + self.sys_s


def run_measured(cmd: list[str], log: Path, cwd: Path | None = None) -> Measurement:
    """Run `cmd` with stdout+stderr to `log`; measure only that child via wait4."""
    # Linux carries the spawning process's RSS high-water mark across fork/vfork+exec into
    # the child's ru_maxrss, so a child never reports less than our own peak: record it.
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
        samples: list[tuple[float, float]] = []
        sampler = threading.Thread(target=_sample_rss, args=(proc.pid, start, samples), daemon=True)
        sampler.start()
        try:
            # wait4 on this pid gives the rusage of this child alone, unlike
            # getrusage(RUSAGE_CHILDREN), which would also count nginx and earlier runs.
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped already; keep Popen quiet
    return Measurement(
        returncode=proc.returncode,
        wall_s=wall,
        user_s=usage.ru_utime,
        sys_s=usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        rss_floor_mb=floor,
        rss_samples=samples,
    )


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _sample_rss(pid: int, start: float, samples: list[tuple[float, float]]) -> None:
    """Append (elapsed s, RSS MB) of `pid` every 0.2 s until it is gone."""
    while True:
        mb = _rss_mb(pid)
        if mb is None:
            return
        samples.append((time.perf_counter() - start, mb))
        time.sleep(0.2)
