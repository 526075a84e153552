"""Suppression files: parsed from TOML or YAML, matched by check and URL, errors named."""

from __future__ import annotations

from pathlib import Path

import pytest

from siteaudit.app.suppressions import (
    SuppressionError,
    apply_suppressions,
    find_suppression_file,
    load_suppressions,
)
from siteaudit.core.records import Finding, Severity
from tests.helpers import run_timed

SITE = "https://help.example.org"


def finding(check: str, url: str, target: str | None = None) -> Finding:
    evidence = {"target": target} if target else {}
    return Finding(check, Severity.ERROR, url, f"{check} on {url}", evidence=evidence)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_rules_hide_exact_url_and_glob_pattern(tmp_path: Path) -> None:
    rules = load_suppressions(
        write(
            tmp_path,
            "suppressions.toml",
            f"""
[[suppress]]
check = "broken-link"
url = "{SITE}/old"
status = "wontfix"
reason = "archived"

[[suppress]]
check = "image-missing-alt"
url_pattern = "{SITE}/legacy/*"
status = "ignored"
""",
        )
    )
    findings = [
        finding("broken-link", f"{SITE}/old"),
        finding("broken-link", f"{SITE}/new"),
        finding("image-missing-alt", f"{SITE}/legacy/a/b.html"),
        finding("image-missing-alt", f"{SITE}/current/b.html"),
    ]

    result = apply_suppressions(findings, rules)

    assert [f.url for f in result.kept] == [f"{SITE}/new", f"{SITE}/current/b.html"]
    hidden = {(s.finding.url, s.rule.status, s.rule.reason) for s in result.suppressed}
    assert hidden == {
        (f"{SITE}/old", "wontfix", "archived"),
        (f"{SITE}/legacy/a/b.html", "ignored", ""),
    }


def test_yaml_rules_with_regex_check_glob_and_target(tmp_path: Path) -> None:
    rules = load_suppressions(
        write(
            tmp_path,
            "suppressions.yaml",
            f"""
suppress:
  - check: "title-*"
    url_pattern: "re:/drafts/"
    status: ignored
  - check: broken-related-link
    url: {SITE}/a
    target: "*.pdf"
""",
        )
    )
    findings = [
        finding("title-duplicate", f"{SITE}/drafts/x"),
        finding("title-missing", f"{SITE}/blog/drafts/y"),
        finding("h1-missing", f"{SITE}/drafts/x"),
        finding("broken-related-link", f"{SITE}/a", target=f"{SITE}/files/x.pdf"),
        finding("broken-related-link", f"{SITE}/a", target=f"{SITE}/gone.html"),
    ]

    result = apply_suppressions(findings, rules)

    assert [(f.check, f.url) for f in result.kept] == [
        ("h1-missing", f"{SITE}/drafts/x"),
        ("broken-related-link", f"{SITE}/a"),
    ]
    assert result.kept[1].evidence["target"] == f"{SITE}/gone.html"
    assert rules[1].status == "wontfix"  # the default


def test_rules_carry_over_to_another_crawl_of_the_same_site(tmp_path: Path) -> None:
    rules = load_suppressions(
        write(tmp_path, "s.toml", f'[[suppress]]\ncheck = "noindex"\nurl = "{SITE}/private"\n')
    )
    first = [finding("noindex", f"{SITE}/private")]
    second = [finding("noindex", f"{SITE}/private"), finding("noindex", f"{SITE}/other")]

    assert apply_suppressions(first, rules).kept == []
    assert [f.url for f in apply_suppressions(second, rules).kept] == [f"{SITE}/other"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[suppress]]\nurl = "x"\n', "'check' is required"),
        ('[[suppress]]\ncheck = "a"\n', "give 'url' or 'url_pattern'"),
        ('[[suppress]]\ncheck = "a"\nurl = "x"\nstatus = "later"\n', "status must be one of"),
        ('[[suppress]]\ncheck = "a"\nurl = "x"\nowner = "me"\n', "unknown key 'owner'"),
        ('[[suppress]]\ncheck = "a"\nurl_pattern = "re:("\n', "bad regex"),
        ('[[suppress]]\ncheck = "a"\nurl_pattern = "re:(a)\\\\1"\n', "backreferences are not"),
        ('[[suppress]]\ncheck = "a"\nurl_pattern = "re:(?<=x)y"\n', "lookbehind are not"),
        (f'[[suppress]]\ncheck = "a"\nurl_pattern = "re:{"(" * 5000}"\n', "over the limit"),
        ("[[suppress]\n", "not valid"),
    ],
)
def test_invalid_files_raise_an_error_naming_the_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "suppressions.toml", text)

    with pytest.raises(SuppressionError, match=message) as info:
        load_suppressions(path)

    assert str(path) in str(info.value)


def test_no_file_means_no_rules_and_nothing_hidden(tmp_path: Path) -> None:
    assert find_suppression_file(tmp_path) is None
    assert load_suppressions(None) == []
    findings = [finding("broken-link", SITE)]
    assert apply_suppressions(findings, []).kept == findings


def test_suppression_file_is_found_in_the_output_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "suppressions.yml", "suppress: []\n")

    assert find_suppression_file(tmp_path) == path
    assert load_suppressions(path) == []


def test_invalid_yaml_is_reported_as_a_suppression_error(tmp_path: Path) -> None:
    path = write(tmp_path, "suppressions.yaml", "suppress: [check: x\n")

    with pytest.raises(SuppressionError, match="not valid"):
        load_suppressions(path)


def test_a_catastrophic_url_regex_is_matched_in_linear_time(tmp_path: Path) -> None:
    # Python's re needs hours for this pattern on 40 characters that almost match; the child
    # process is stopped by the time-out where a thread could not be.
    path = write(
        tmp_path, "s.toml", '[[suppress]]\ncheck = "a"\nurl_pattern = "re:^(([a-z0-9:/.-])+)+$"\n'
    )
    elapsed = run_timed(
        f"""
        import time
        from pathlib import Path
        from siteaudit.app.suppressions import apply_suppressions, load_suppressions
        from siteaudit.core.records import Finding, Severity

        rules = load_suppressions(Path({str(path)!r}))
        urls = ["https://h.test/" + "a" * n + "!" for n in (40, 2_000, 200_000)]
        findings = [Finding("a", Severity.ERROR, u, "m") for u in urls]
        findings.append(Finding("a", Severity.ERROR, "https://h.test/ok", "m"))
        started = time.perf_counter()
        result = apply_suppressions(findings, rules)
        assert [f.url for f in result.kept] == urls, result
        assert [s.finding.url for s in result.suppressed] == ["https://h.test/ok"]
        print(time.perf_counter() - started)
        """
    )
    assert elapsed < 1.0
