"""Reports: the HTML audit report for people and findings.json for machines."""

from siteaudit.reports.html import render_html_report
from siteaudit.reports.json_report import write_findings_json

__all__ = ["render_html_report", "write_findings_json"]
