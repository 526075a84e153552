import re
import typing
from dataclasses import replace
from pathlib import Path

import pytest

from siteaudit.core.config import (
    ConfigError,
    CrawlConfig,
    QueryMode,
    find_config_file,
    load_config,
    option_fields,
)
from siteaudit.core.urls import QUERY_MODES


def test_config_file_values_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.toml"
    path.write_text('[crawl]\nstart_urls = ["https://ex.com/"]\nmax-pages = 20\nexclude = "x"\n')
    config = load_config(find_config_file(tmp_path))
    assert config.start_urls == ("https://ex.com/",)
    assert config.max_pages == 20
    assert config.exclude == ("x",)
    assert config.concurrency == CrawlConfig().concurrency


def test_pyproject_tool_table_is_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.siteaudit]\nmax_depth = 3\n")
    assert load_config(find_config_file(tmp_path)).max_depth == 3


def test_flags_override_the_file() -> None:
    config = CrawlConfig(max_pages=5).merged({"max_pages": 9, "delay": None, "include": ()})
    assert config.max_pages == 9 and config.delay == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_pagez = 3", "unknown option 'max_pagez'"),
        ("max_pages = 'lots'", "max_pages must be a number"),
        ("max_pages = 0", "max_pages must be at least 1"),
        ("query = 'sometimes'", "query must be one of"),
        ("exclude = ['(']", "bad regular expression"),
        ("start_urls = ['ftp://x']", "not an http"),
        ("obey_robots = 'no'", "obey_robots must be true or false"),
        ("max_pages = [", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error_naming_the_option(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "siteaudit.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("crawl = 5", "crawl must be a table of options"),
        ("timeout = nan", "timeout must be a finite number, not nan"),
        ("delay = inf", "delay must be a finite number"),
        ("max_depth = true", "max_depth must be a number, not True"),
        ("max_pages = 2.5", "max_pages must be a whole number, not 2.5"),
        ("timeout = 0", "timeout must be positive"),
        ("retries = -1", "retries must not be negative"),
        ("include = [1]", "include entries must be text, not 1"),
        ("user_agent = ''", "user_agent must not be empty"),
        ("headers = ['no colon']", "header must be 'Name: value'"),
        ("accept = ['ok']", "accept: not a status code or range"),
    ],
)
def test_every_declared_bound_and_type_is_checked(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "siteaudit.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)


def test_a_config_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.toml"
    path.write_bytes(b"user_agent = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_config(path)


def test_a_non_utf8_pyproject_is_not_taken_for_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.siteaudit]\nx = '\xff'\n")
    assert find_config_file(tmp_path) is None


def test_validation_coerces_file_values_to_the_declared_types() -> None:
    config = CrawlConfig.from_dict({"delay": 1, "include": ["a", "b"], "sitemaps": "http://x/s"})
    assert config.delay == 1.0 and isinstance(config.delay, float)
    assert config.include == ("a", "b") and config.sitemaps == ("http://x/s",)


def test_a_copy_with_bad_values_fails_validation_naming_the_option() -> None:
    with pytest.raises(ConfigError, match="concurrency must be at least 1"):
        replace(CrawlConfig(), concurrency=0).validate()


def test_every_option_is_declared_with_help_and_a_default_that_passes_its_bounds() -> None:
    fields = option_fields()
    assert set(fields) == set(CrawlConfig().to_dict())
    for name, info in fields.items():
        assert info.description and info.description.endswith("."), name
    assert CrawlConfig().validate() == CrawlConfig()


def test_query_modes_are_the_url_rules_modes() -> None:
    assert typing.get_args(QueryMode) == QUERY_MODES
