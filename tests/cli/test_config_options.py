"""Crawl options on the command line: generated from CrawlConfig, errors in one line."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from siteaudit.cli import main
from siteaudit.cli.check import _CHECK_PROFILE as CHECK_PROFILE
from siteaudit.core.config import option_fields
from tests.helpers import run_siteaudit

# Options settable only in siteaudit.toml (or by the command itself), and why.
NOT_ON_THE_COMMAND_LINE = {
    "start_urls": "the URL arguments",
    "max_redirect_hops": "rarely changed; the config file sets it",
    "retry_backoff": "rarely changed; the config file sets it",
    "source_positions": "set by `check`, which reports line:column",
    "link_sources": "set by `check --changed-files`, which knows the folder's loopback URL",
    "site_aliases": "set by `check DIR --root-url`, which knows the folder's loopback URL",
}
COMMANDS = ("crawl", "check")
PROFILES = {"check": CHECK_PROFILE}
# Defaults a command works out at run time, shown in its help instead of the declared one.
RUN_TIME_DEFAULTS = {("crawl", "cache_dir"): "OUTPUT/link-cache"}


def _config_params(command: str) -> dict[str, click.Option]:
    params = main.commands[command].params
    return {p.name: p for p in params if isinstance(p, click.Option) and p.name in option_fields()}


def test_every_option_has_a_flag_or_a_reason_and_every_flag_an_option() -> None:
    on_command_line = set().union(*(_config_params(c) for c in COMMANDS))
    assert on_command_line | set(NOT_ON_THE_COMMAND_LINE) == set(option_fields())
    assert not on_command_line & set(NOT_ON_THE_COMMAND_LINE)


@pytest.mark.parametrize("command", COMMANDS)
def test_flags_take_type_help_and_shown_default_from_the_declaration(command: str) -> None:
    for name, option in _config_params(command).items():
        info = option_fields()[name]
        if option.is_flag:
            assert option.default is None and isinstance(option.flag_value, bool), name
            continue
        assert str(info.description).rstrip(".") in str(option.help), name
        if option.multiple:
            continue
        if option.show_default:  # the command's own default, e.g. check's retries
            assert option.default is not None, name
        else:
            assert option.default is None, name  # not given: the config file decides
            # a command's own profile (check reads pages unrendered) beats the declaration
            default = PROFILES.get(command, {}).get(name, info.default)
            shown = f"{default:g}" if isinstance(default, float) else str(default)
            shown = RUN_TIME_DEFAULTS.get((command, name), shown)
            assert str(option.help).endswith(f"[{shown}]"), name


def test_help_shows_the_declared_defaults() -> None:
    result = run_siteaudit("crawl", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "--max-pages N Fetch at most this many URLs. [100000]" in text
    assert "--per-host N Parallel requests per host. [8]" in text


@pytest.mark.parametrize(
    ("config", "args", "message"),
    [
        (b"crawl = 5\n", [], "crawl must be a table of options"),
        (b"[crawl]\ntimeout = nan\n", [], "timeout must be a finite number, not nan"),
        (b"[crawl]\nmax_depth = true\n", [], "max_depth must be a number, not True"),
        (b"[crawl]\nuser_agent = '\xff'\n", [], "is not UTF-8 text"),
        (None, ["--delay", "nan"], "delay must be a finite number, not nan"),
        (None, ["--max-pages", "0"], "max_pages must be at least 1"),
        (None, ["--header", "nonsense"], "header must be 'Name: value'"),
    ],
)
def test_bad_values_are_one_line_errors_with_exit_code_2(
    tmp_path: Path, config: bytes | None, args: list[str], message: str
) -> None:
    if config is not None:
        (tmp_path / "siteaudit.toml").write_bytes(config)
    command = ["check", *args] if "--header" in args else ["crawl", *args]
    result = run_siteaudit(*command, "http://127.0.0.1:9/", "-o", "out", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("siteaudit: error:")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
