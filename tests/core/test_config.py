from pathlib import Path

import pytest

from siteaudit.core.config import ConfigError, CrawlConfig, find_config_file, load_config


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
