"""Coverage-guided fuzzing (atheris) of the page extractor and URL normalisation.

Not part of CI. Runs for a bounded time and reports executions and crashes; a crash or a
hang (one input slower than --hang-ms) is saved under --artifacts and should become a
regression test in tests/crawler/.

    .venv/bin/python bench/fuzz_extractor.py --seconds 60
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from siteaudit.crawler.extraction import extract_page

    from siteaudit.core.urls import normalize_url, resolve_link

BASE = "http://example.com/dir/page.html"


class Budget:
    """Counts executions; stops the run when the time is up."""

    def __init__(self, seconds: float, hang_ms: float, artifacts: Path) -> None:
        self.deadline = time.monotonic() + seconds
        self.hang_s = hang_ms / 1000
        self.artifacts = artifacts
        self.executions = 0
        self.crashes = 0
        self.started = time.monotonic()

    def save(self, kind: str, data: bytes, detail: str) -> None:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{self.executions}"
        (self.artifacts / f"{name}.bin").write_bytes(data)
        (self.artifacts / f"{name}.txt").write_text(detail, encoding="utf-8")

    def report(self) -> None:
        elapsed = time.monotonic() - self.started
        print(
            f"fuzz_extractor: {self.executions} executions in {elapsed:.0f} s, "
            f"{self.crashes} crashes"
        )


def _one_input(budget: Budget, data: bytes) -> None:
    if time.monotonic() > budget.deadline:
        budget.report()
        sys.stdout.flush()
        # sys.exit would be reported by libFuzzer as a crash of the target.
        os._exit(1 if budget.crashes else 0)
    budget.executions += 1
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    started = time.monotonic()
    try:
        extracted = extract_page(text, BASE, references=bool(data[:1] == b"r"))
        for link in extracted.links:
            assert normalize_url(link.target) == link.target, link.target
        url = resolve_link(BASE, text[:200])
        if url is not None:
            assert normalize_url(url) == url, url
    except Exception:
        budget.crashes += 1
        budget.save("crash", data, traceback.format_exc())
        return
    if time.monotonic() - started > budget.hang_s:
        budget.crashes += 1
        budget.save("hang", data, f"{time.monotonic() - started:.2f} s")


def main() -> None:
    """Parse options and fuzz until the time is up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hang-ms", type=float, default=2000)
    parser.add_argument("--artifacts", type=Path, default=Path("bench/out/fuzz"))
    args, rest = parser.parse_known_args()
    budget = Budget(args.seconds, args.hang_ms, args.artifacts)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    flags = ["-max_len=8192", f"-artifact_prefix={args.artifacts}/", *rest]
    atheris.Setup([sys.argv[0], *flags], lambda data: _one_input(budget, data))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
