import pytest
from siteaudit.reports.environment import make_environment

VALUES = [
    "https://ex.com/a?b=1&c=<x>\"'",
    "HTTP://EX.COM/Upper",
    "javascript:alert(1)",
    "/relative/path",
    "mailto:someone@example.com",
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_url_filter_writes_what_the_url_macro_writes(value: str) -> None:
    env = make_environment()
    macro = env.from_string('{% import "_macros.html" as m %}{{ m.url(v) }}').render(v=value)
    assert env.from_string("{{ v | url_html }}").render(v=value) == macro
    assert "<x>" not in macro and ("href" in macro) == value.lower().startswith("http")


@pytest.mark.parametrize("value", ["error", "warning", "notice", "<b>"])
def test_severity_filter_writes_what_the_severity_macro_writes(value: str) -> None:
    env = make_environment()
    macro = env.from_string('{% import "_macros.html" as m %}{{ m.severity(v) }}').render(v=value)
    assert env.from_string("{{ v | severity_html }}").render(v=value) == macro
