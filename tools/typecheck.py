"""Run mypy --strict on the siteaudit package as it installs.

The project's top-level folders install as siteaudit.crawler, siteaudit.analysis and
siteaudit.reports (pyproject's package-dir), which mypy cannot follow from the source tree:
this builds the installed layout from symlinks in a temporary folder and checks it there.

    .venv/bin/python tools/typecheck.py [extra mypy arguments]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAPPED = ("crawler", "analysis", "reports")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="siteaudit-typecheck-") as tmp:
        package = Path(tmp) / "siteaudit"
        package.mkdir()
        for entry in (REPO / "siteaudit").iterdir():
            if entry.name != "__pycache__":
                (package / entry.name).symlink_to(entry)
        for name in MAPPED:
            (package / name).symlink_to(REPO / name)
        config = str(REPO / "pyproject.toml")
        command = [sys.executable, "-m", "mypy", "--config-file", config, "-p", "siteaudit"]
        command += sys.argv[1:]
        done = subprocess.run(command, cwd=tmp, check=False, capture_output=True, text=True)
        # Paths in mypy's output are the staging tree's; name the repository's files instead.
        for line in (done.stdout + done.stderr).splitlines():
            for name in MAPPED:
                line = line.replace(f"siteaudit/{name}/", f"{name}/")
            print(line)
        return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
