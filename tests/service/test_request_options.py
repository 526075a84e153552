"""The service's request options: a subset of CrawlConfig's, with the service's limits."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from siteaudit.core.config import option_fields
from siteaudit.service.models import REMOTE_OPTIONS, CrawlOptions
from tests.helpers import REPO


def test_request_options_are_the_documented_list_and_declared_by_the_config() -> None:
    service_doc = (REPO / "docs" / "service.md").read_text(encoding="utf-8")
    listed = re.search(r"Options a request may set: (.*?); anything else", service_doc, re.S)
    assert listed
    assert re.findall(r"`(\w+)`", listed.group(1)) == list(REMOTE_OPTIONS)
    assert set(CrawlOptions.model_fields) == set(REMOTE_OPTIONS) <= set(option_fields())


def test_request_options_carry_the_config_help_and_bounds() -> None:
    schema = CrawlOptions.model_json_schema()["properties"]
    for name in REMOTE_OPTIONS:
        assert str(option_fields()[name].description) in schema[name]["description"]
    assert schema["concurrency"]["anyOf"][0] == {"minimum": 1, "maximum": 64, "type": "integer"}


@pytest.mark.parametrize(
    "options",
    [
        {"max_pages": 0},
        {"max_pages": "5"},
        {"max_depth": True},
        {"max_depth": 1001},
        {"delay": float("nan")},
        {"timeout": 0},
        {"include": ["x"] * 51},
        {"cache_dir": "/"},
        {"query": "sometimes"},
    ],
)
def test_request_options_outside_the_declared_or_service_bounds_are_refused(
    options: dict,
) -> None:
    with pytest.raises(ValidationError):
        CrawlOptions.model_validate(options)


def test_given_request_options_become_config_keys() -> None:
    given = CrawlOptions.model_validate({"delay": 1, "exclude": ["/a"], "obey_robots": False})
    assert given.to_config() == {"delay": 1.0, "exclude": ("/a",), "obey_robots": False}
