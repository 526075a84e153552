"""The CI examples in docs/examples/ work as written.

Each file is parsed as YAML; the exact `siteaudit check` command lines it contains are run
(through tests/resolver_hook.py, so nothing leaves the machine) on a small built site in
public/ with a broken link and a loopback "external" host, and every file the workflow
then uploads, caches or reads is checked to exist and to parse.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from tests.fault_server import serve_faults
from tests.helpers import REPO, html, write_site
from tests.resolver_hook import run_hooked

EXAMPLES = REPO / "docs" / "examples"


def _scripts(name: str, data: dict[str, Any]) -> list[str]:
    """The shell text of every step (GitHub) or script line (GitLab)."""
    if name == "github-actions.yml":
        return [s["run"] for job in data["jobs"].values() for s in job["steps"] if "run" in s]
    return [line for job in data.values() if isinstance(job, dict) for line in job["script"]]


def _check_commands(scripts: list[str]) -> list[list[str]]:
    commands = []
    for script in scripts:
        for line in script.replace("\\\n", " ").splitlines():
            words = shlex.split(line)
            if words[:2] == ["siteaudit", "check"]:
                commands.append(words[2:])
    return commands


def _uploaded(name: str, data: dict[str, Any]) -> set[str]:
    """Files the workflow reads after the check: summary, comment, SARIF, artifacts, cache."""
    if name == "github-actions.yml":
        steps = data["jobs"]["links"]["steps"]
        files = {s["with"]["sarif_file"] for s in steps if "upload-sarif" in s.get("uses", "")}
        files |= {s["with"]["path"] for s in steps if "actions/cache" in s.get("uses", "")}
        for step in steps:
            words = shlex.split(step.get("run", ""))
            if words[:2] != ["siteaudit", "check"]:  # the steps that read its Markdown
                files |= {w for w in words if w.endswith(".md")}
        return files
    job = data["links"]
    artifacts = job["artifacts"]
    return {*artifacts["paths"], artifacts["reports"]["junit"], *job["cache"]["paths"]}


def _parses(path: Path) -> None:
    if path.is_dir():
        assert any(path.iterdir()), path  # the cache was written
    elif path.suffix == ".xml":
        assert ET.parse(path).getroot().tag in ("testsuites", "testsuite")
    elif path.suffix in (".json", ".sarif"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data.get("runs") or data.get("problems"), path
    else:
        text = path.read_text(encoding="utf-8")
        assert "gone.html" in text, text  # the Markdown names the broken link


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_example_workflow_commands_run_and_produce_what_the_workflow_uploads(
    name: str, tmp_path: Path
) -> None:
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    commands = _check_commands(_scripts(name, data))
    assert commands, f"no `siteaudit check` command in {name}"
    with serve_faults() as (live, _hits):
        body = f'<a href="gone.html">gone</a> <a href="{live}/ok">ok</a>'
        body += f' <a href="{live}/linkedin">in</a>'
        write_site(tmp_path / "public", {"index.html": html("Home", body)})
        for args in commands:
            done = run_hooked("check", *args, cwd=tmp_path)
            assert done.returncode == 1, done.stderr  # the broken link fails the job
            assert "gone.html" in done.stdout
            assert "linkedin" not in done.stdout  # --status 999:ignore
    uploaded = _uploaded(name, data)
    assert uploaded
    for file in uploaded:
        _parses(tmp_path / file.rstrip("/"))


def test_ci_md_shows_the_example_files_as_they_are() -> None:
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for example in EXAMPLES.glob("*.yml"):
        assert example.read_text(encoding="utf-8").strip() in doc, example.name
