"""The built wheel installs into a clean virtual environment and works from there.

Builds the wheel, installs it without extras (its base dependencies only) into a new venv,
and runs the installed `siteaudit demo` and `siteaudit check` from a folder outside the
repository, so missing package data, an import of a source-tree-only module or a base path
that needs an optional library fails here. The features behind the extras must say so in
one line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from tests.helpers import REPO


def _run(
    args: list[str], cwd: Path, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def _hook_only_env(tmp_path: Path) -> dict[str, str]:
    """The environment for the installed siteaudit: the suite's loopback-only resolver
    (tests/conftest.py) importable, and nothing else of the source tree."""
    hook_path = tmp_path / "hook-path"
    hook_path.mkdir()
    (hook_path / "tests").symlink_to(REPO / "tests", target_is_directory=True)
    return dict(os.environ, PYTHONPATH=str(hook_path))


def test_wheel_installs_runs_demo_and_check_and_owns_only_siteaudit(tmp_path: Path) -> None:
    # Built from a copy of the project's files: setuptools reuses a checkout's build/ folder,
    # where files deleted from the project would linger and ship.
    source = tmp_path / "source"
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO)
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    dist = tmp_path / "dist"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("siteaudit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    # The built demo site ships with its serving rules; its generator and the test servers do not.
    assert {"siteaudit/demo_site/site/index.html", "siteaudit/demo_site/site/_redirects"} <= shipped
    demo_extra = {n for n in shipped if n.startswith("siteaudit/demo_site/") and "/site/" not in n}
    assert not demo_extra, demo_extra
    assert not {n for n in shipped if n.endswith(("demo_server.py", "site_server.py"))}

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    installed = _run([str(py), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    # Only siteaudit's own folder, its dist-info and its script come from the wheel.
    (record,) = (env_dir / "lib").glob("python3*/site-packages/siteaudit-*.dist-info/RECORD")
    tops = {line.split(",")[0].split("/")[0] for line in record.read_text().splitlines()}
    assert tops - {".."} == {"siteaudit", record.parent.name}, tops

    # The base install leaves out the service and scale-out libraries.
    probe = "import importlib.util as u; print([m for m in {mods!r} if u.find_spec(m)])"
    optional = ("fastapi", "uvicorn", "scrapyd", "httpx", "redis", "scrapy_redis", "psycopg")
    found = _run([str(py), "-c", probe.format(mods=optional)], cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]", found.stdout

    work = tmp_path / "work"
    work.mkdir()
    env = _hook_only_env(tmp_path)
    demo = _run([str(env_dir / "bin" / "siteaudit"), "demo", "-o", "out"], cwd=work, env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    report = work / "out" / "report"
    assert (report / "index.html").is_file()
    assert list(report.rglob("*.js")), "the report's script must ship with the wheel"
    findings = json.loads((work / "out" / "findings.json").read_text(encoding="utf-8"))
    assert findings["summary"]["findings"] > 0

    site = work / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><head><title>Home page of the site</title></head><body><h1>Home</h1>"
        '<a href="about.html">About</a> <a href="gone.html">Gone</a></body></html>',
        encoding="utf-8",
    )
    (site / "about.html").write_text(
        "<html><head><title>About this site</title></head><body><h1>About</h1></body></html>",
        encoding="utf-8",
    )
    check = _run(
        [str(env_dir / "bin" / "siteaudit"), "check", str(site), "--format", "json"],
        cwd=work,
        env=env,
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert "gone.html" in check.stdout

    # Features behind the extras fail with one line naming the extra, exit 2, no traceback,
    # before any connection (the addresses are a loopback port nothing listens on).
    unused = "127.0.0.1:9"
    out = ["-o", str(work / "crawl-out")]
    for args, extra in (
        (["serve", "--data", str(work / "service")], "serve"),
        (["crawl", f"http://{unused}/", *out, "--frontier", f"redis://{unused}/0"], "scale"),
        (["crawl", f"http://{unused}/", *out, "--store", f"postgresql://u@{unused}/db"], "scale"),
        (
            ["worker", "--frontier", f"redis://{unused}/0", "--store", "x.db", "--crawl-id", "1"],
            "scale",
        ),
    ):
        run = _run([str(env_dir / "bin" / "siteaudit"), *args], cwd=work, env=env)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert f"siteaudit[{extra}]" in run.stderr, (args, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1, (args, run.stderr)
