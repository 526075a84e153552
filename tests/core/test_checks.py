"""The check registry: one complete declaration per check, and findings built from it."""

from __future__ import annotations

import re

import pytest

from siteaudit.core.checks import CHECKS, EVIDENCE_TYPES, check_spec, make_finding
from siteaudit.core.records import Severity


def test_every_check_is_declared_completely_under_its_own_id() -> None:
    assert len(CHECKS) >= 50
    for check_id, spec in CHECKS.items():
        assert spec.id == check_id and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", check_id)
        assert spec.title and spec.why and spec.fix, check_id
        assert spec.fix.endswith("."), check_id
        assert spec.evidence in EVIDENCE_TYPES, (check_id, spec.evidence)
        assert spec.category in {
            "links",
            "redirects",
            "content",
            "indexability",
            "crawl",
            "structured data",
        }
        assert spec.ci_level in (None, "error", "warning")


def test_finding_takes_severity_from_the_spec_and_falls_back_to_the_generic_fix() -> None:
    generic = make_finding("redirect-chain", "http://127.0.0.1/a", "Redirect chain of 2 hops")
    assert generic.severity is Severity.WARNING
    assert generic.fix == CHECKS["redirect-chain"].fix
    assert generic.evidence == {}
    concrete = make_finding("redirect-chain", "http://127.0.0.1/a", "m", fix="Redirect /a to /c.")
    assert concrete.fix == "Redirect /a to /c."


def test_an_unregistered_id_cannot_make_findings_but_old_stored_ids_still_render() -> None:
    with pytest.raises(KeyError):
        make_finding("no-such-check", "http://127.0.0.1/", "message")
    spec = check_spec("retired-check")
    assert (spec.title, spec.family, spec.ci_level) == ("Retired check", "other", None)


def test_link_checks_have_the_ci_levels_siteaudit_check_fails_on() -> None:
    errors = {c for c, s in CHECKS.items() if s.ci_level == "error"}
    warnings = {c for c, s in CHECKS.items() if s.ci_level == "warning"}
    assert {"broken-link", "broken-external-link", "missing-fragment", "redirect-chain"} <= errors
    assert warnings == {"redirected-link", "blocked-link", "robots-blocked", "url-too-long"}
    # A CI level is independent of the report severity: a chain is a warning in reports.
    assert CHECKS["redirect-chain"].severity is Severity.WARNING
